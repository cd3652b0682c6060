// The shipped Kubernetes manifests: valid against the Kubernetes API schemas (kubernetes-models,
// generated from Kubernetes' OpenAPI), within Pod Security "restricted", and consistent with the
// image they run (its user, its HOME, corectl's own options).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runOptionSpec } from '../../../src/cli/run-command.ts';
import { restrictedViolations } from './pod-security.ts';

const MANIFEST = 'deploy/kubernetes/corectl-drift-cronjob.yaml';
const SHARDED = 'deploy/kubernetes/corectl-drift-sharded.yaml';
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'batch/v1/CronJob': CronJob,
};

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, unknown> };

function documents(file = MANIFEST): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as Manifest;
  });
}

function validate(manifest: Manifest): void {
  const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!Model) throw new Error(`no schema for ${manifest.apiVersion} ${manifest.kind}`);
  new Model(manifest as never).validate();
}

function cronJob(manifests = documents()) {
  const job = manifests.find((m) => m.kind === 'CronJob') as unknown as { spec: { concurrencyPolicy: string; jobTemplate: { spec: { activeDeadlineSeconds: number; backoffLimit: number; completionMode?: string; completions?: number; parallelism?: number; template: { spec: IPodSpec } } } } };
  return { job, pod: job.spec.jobTemplate.spec.template.spec };
}

describe('the drift-check CronJob', () => {
  it('is valid against the Kubernetes schemas, document by document', () => {
    const manifests = documents();
    expect(manifests.map((m) => m.kind)).toEqual(['PersistentVolumeClaim', 'CronJob']);
    for (const manifest of manifests) expect(() => validate(manifest), manifest.kind).not.toThrow();
  });

  it('would be refused with a wrong field value (the schema check is real)', () => {
    const manifests = documents();
    const { job, pod } = cronJob(manifests);
    job.spec.concurrencyPolicy = 'Never';
    (pod.containers[0]!.securityContext as Record<string, unknown>).runAsNonRoot = 'yes';
    expect(() => validate(manifests[1]!)).toThrow(/concurrencyPolicy must be equal to one of the allowed values.*runAsNonRoot must be boolean/s);
  });

  it('meets Pod Security "restricted", and the check would see a breach', () => {
    const { pod } = cronJob();
    expect(restrictedViolations(pod)).toEqual([]);
    const breached = structuredClone(pod);
    breached.containers[0]!.securityContext!.capabilities = { drop: ['NET_RAW'] };
    breached.securityContext!.seccompProfile = undefined;
    breached.volumes!.push({ name: 'host', hostPath: { path: '/' } });
    expect(restrictedViolations(breached)).toEqual([
      'container corectl: capabilities.drop must include ALL',
      'seccompProfile RuntimeDefault or Localhost must be set on the pod or container corectl',
      'volume host: hostPath volumes are not allowed',
    ]);
  });

  it('never runs twice at once, ends a hung check, and keeps cache and runs on a volume', () => {
    const { job, pod } = cronJob();
    expect(job.spec.concurrencyPolicy).toBe('Forbid');
    expect(job.spec.jobTemplate.spec.activeDeadlineSeconds).toBeGreaterThan(0);
    expect(job.spec.jobTemplate.spec.backoffLimit).toBe(0);
    const container = pod.containers[0]!;
    expect(container.resources?.requests).toBeDefined();
    expect(container.resources?.limits?.memory).toBeDefined();
    // Every directory corectl writes is a mounted volume: the root file system is read-only.
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
    const mounts = container.volumeMounts ?? [];
    const volumeOf = (path: string) => mounts.find((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
    for (const path of [env.XDG_CACHE_HOME!, env.CORECTL_RUNS_DIR!, '/tmp']) {
      const mount = volumeOf(path);
      expect(mount, path).toBeDefined();
      expect(mount!.readOnly, path).not.toBe(true);
      expect(pod.volumes!.find((v) => v.name === mount!.name)).toMatchObject(path === '/tmp' ? { emptyDir: {} } : { persistentVolumeClaim: { claimName: 'corectl-drift-state' } });
    }
    for (const mount of mounts) expect(pod.volumes!.map((v) => v.name), mount.name).toContain(mount.name);
  });

  it('fits the image: its user, the ~/.ssh corectl reads, a key only that user can read, and corectl\'s own options', () => {
    const { pod } = cronJob();
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    const uid = Number(/useradd [^\n]*--uid (\d+)/.exec(dockerfile)![1]);
    const home = /ENV [^\n]*HOME=(\S+)/.exec(dockerfile)![1];
    expect(pod.securityContext).toMatchObject({ runAsUser: uid, runAsGroup: uid, fsGroup: uid });
    const ssh = pod.containers[0]!.volumeMounts!.find((m) => m.mountPath === `${home}/.ssh`);
    expect(ssh).toMatchObject({ readOnly: true });
    const secret = pod.volumes!.find((v) => v.name === ssh!.name)!.secret!;
    // 0440 with fsGroup: group-readable by the image's group, nothing for others.
    expect(secret.defaultMode).toBe(0o440);
    const args = pod.containers[0]!.args!;
    expect(args.slice(0, 2)).toEqual(['check', 'playbooks/site.ts']);
    expect(() => parseArgs({ args: args.slice(1), options: runOptionSpec, allowPositionals: true, strict: true })).not.toThrow();
  });
});

describe('the sharded drift check (Indexed Job)', () => {
  const manifests = documents(SHARDED);
  const { job, pod } = cronJob(manifests);
  const container = pod.containers[0]!;
  const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e]));
  const script = container.args![0]!;

  it('is valid against the Kubernetes schemas and meets Pod Security "restricted"', () => {
    expect(manifests.map((m) => m.kind)).toEqual(['PersistentVolumeClaim', 'CronJob']);
    for (const manifest of manifests) expect(() => validate(manifest), manifest.kind).not.toThrow();
    expect(restrictedViolations(pod)).toEqual([]);
    expect(job.spec.concurrencyPolicy).toBe('Forbid');
    expect(job.spec.jobTemplate.spec.activeDeadlineSeconds).toBeGreaterThan(0);
    // Every pod writes its slice to the one volume.
    expect((manifests[0]!.spec as { accessModes: string[] }).accessModes).toEqual(['ReadWriteMany']);
  });

  it('runs one slice per index, as many slices as pods, and merges in pod 0 only', () => {
    expect(job.spec.jobTemplate.spec).toMatchObject({ completionMode: 'Indexed', completions: Number(env.SLICES!.value), parallelism: Number(env.SLICES!.value) });
    expect(env.JOB_NAME!.valueFrom?.fieldRef?.fieldPath).toBe("metadata.labels['batch.kubernetes.io/job-name']");
    expect(script).toContain('--shard "$JOB_COMPLETION_INDEX/$SLICES"');
    expect(script).toMatch(/if \[ "\$JOB_COMPLETION_INDEX" != 0 \]; then exit 0; fi\n.*\nexec corectl report merge \$slices --wait \d+ --runs-dir /s);
    // Slices keep no runs of their own: only the merged run is kept.
    expect(env.CORECTL_RUNS_DIR).toBeUndefined();
    expect(() => execFileSync('sh', ['-n', '-c', script])).not.toThrow();
  });
});
