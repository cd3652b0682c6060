// The real image: corectl's Dockerfile built through testcontainers on Debian's podman, from local
// bases (no registry image can be pulled here; test/hosts/node-base-image.ts), then run as the
// README runs it against the sandbox hosts.
import { chmodSync, chownSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { webhookReceiver } from '../webhook-receiver.ts';
import { podman, startContainerEngine, type ContainerEngine } from '../hosts/container-engine.ts';
import { MACHINE_CA_BUNDLE, ensureNodeBaseImages, type NodeBaseImages } from '../hosts/node-base-image.ts';
import { run } from '../hosts/run-command.ts';
import { corectl, testCluster } from './helpers.ts';

const IMAGE = 'localhost/corectl-test/corectl:test';
const SITE_IMAGE = 'localhost/corectl-test/site-drift:test';
const IMAGE_UID = 10001;
/** An operator's own uid on a laptop: not root, not the image's user. */
const OPERATOR_UID = 1000;

let engine: ContainerEngine;
let bases: NodeBaseImages;
const scratch = mkdtempSync(join(tmpdir(), 'corectl-image-test-'));
const started: StartedTestContainer[] = [];

beforeAll(async () => {
  engine = await startContainerEngine();
  // testcontainers reads these when it first connects; Ryuk's image cannot be pulled here.
  process.env.DOCKER_HOST = engine.dockerHost;
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  bases = await ensureNodeBaseImages(engine);
  await GenericContainer.fromDockerfile(resolve('.'))
    .withBuildArgs({ BASE: bases.runtime, BUILD_BASE: bases.build })
    .build(IMAGE, { deleteOnExit: false });
  // testcontainers resolves even when a build step failed: the image is the proof.
  await podman(engine, ['image', 'exists', IMAGE]).catch(() => {
    throw new Error(`the Dockerfile did not build (rerun with DEBUG=testcontainers:build to see its output)`);
  });
}, 900_000);

afterAll(async () => {
  for (const container of started) await container.stop().catch(() => {});
  if (engine) {
    await podman(engine, ['rmi', '-f', SITE_IMAGE, IMAGE]).catch(() => {});
    await podman(engine, ['image', 'prune', '-f']).catch(() => {});
    await engine.stop();
  }
  rmSync(scratch, { recursive: true, force: true });
});

it('is built FROM the given base, runs corectl as uid 10001, and adds under 90 MB to its base', async () => {
  const [config] = JSON.parse(await podman(engine, ['image', 'inspect', IMAGE])) as { Config: { Entrypoint: string[]; User: string }; Size: number }[];
  expect(config!.Config.Entrypoint).toEqual(['corectl']);
  expect(config!.Config.User).toBe('corectl');
  const [base] = JSON.parse(await podman(engine, ['image', 'inspect', bases.runtime])) as { Size: number }[];
  const added = config!.Size - base!.Size;
  console.log(`[image] ${IMAGE}: ${(config!.Size / 1e6).toFixed(0)} MB, of which corectl ${(added / 1e6).toFixed(1)} MB over its base`);
  expect(added).toBeLessThan(90e6);
  // Trimmed in the build stage: TypeScript's CLI and translations, source maps.
  const listing = await podman(engine, ['run', '--rm', '--entrypoint', 'sh', IMAGE, '-c', 'ls /opt/corectl/node_modules/typescript/lib; find /opt/corectl/node_modules -name "*.map" | wc -l']);
  expect(listing).toContain('typescript.js');
  expect(listing).not.toMatch(/^(_?tsc\.js|_?tsserver\.js|ja)$/m);
  expect(listing.trim().split('\n').at(-1)).toBe('0');
});

it('carries nothing of this machine\'s TLS set-up, which only its build stage used', async () => {
  // One line of each certificate's body is enough to find a copy anywhere in an image.
  const machine = certificates(readFileSync(MACHINE_CA_BUNDLE, 'utf8')).map((pem) => pem.split('\n')[2]!);
  const inBase = await filesystemContains(bases.runtime, machine);
  const machineOnly = machine.filter((needle) => !inBase.includes(needle));
  console.log(`[image] ${machineOnly.length} of this machine's ${machine.length} CA certificates are not in the base`);
  expect(await filesystemContains(IMAGE, machineOnly)).toEqual([]);
  // The build stage had them (else the check above proves nothing on this machine).
  expect(await filesystemContains(bases.build, machineOnly)).toEqual(machineOnly);
  const history = await podman(engine, ['image', 'history', '--no-trunc', '--format', '{{.CreatedBy}}', IMAGE]);
  expect(history).not.toMatch(/corectl-build|cafile|EXTRA_CA/);
});

it('checks the sandbox hosts from the image with the key mounted for its user, as corectl on the host does', async () => {
  const host = testCluster().hosts[1]!.name;
  const ssh = sshDir('for-image-user', IMAGE_UID, 0o400);
  const container = await startImage({ ssh });
  const inImage = await container.exec(['corectl', 'check', 'playbooks/site.ts', '--limit', host]);
  const onHost = await corectl(['check', 'playbooks/site.ts', '-i', testCluster().inventory, '--limit', host], { CI: 'true' });
  expect(inImage.stderr).toBe('');
  expect(inImage.stdout).toMatch(/RECAP/);
  expect(inImage.exitCode).toBe(onHost.code);
  expect(recapRow(inImage.stdout, host)).toBe(recapRow(onHost.stdout, host));
});

it('runs with --user as the key\'s owner (the operator\'s own key, mode 0600), and says in one line when the key is unreadable', async () => {
  const host = testCluster().hosts[0]!.name;
  const ssh = sshDir('operators', OPERATOR_UID, 0o600);
  const asImageUser = await startImage({ ssh });
  const refused = await asImageUser.exec(['corectl', 'check', 'playbooks/site.ts', '--limit', host]);
  expect(refused.exitCode).not.toBe(0);
  expect(refused.stdout).not.toMatch(/RECAP/);
  const lines = refused.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  // ~/.ssh itself is the operator's (0700): known_hosts is the first file corectl cannot read.
  expect(lines[0]).toMatch(/\/home\/corectl\/\.ssh\/\S+ cannot be read: permission denied/);
  expect(lines[0]).toContain(`uid ${IMAGE_UID}`);
  expect(lines[0]).toContain(`uid ${OPERATOR_UID}`);
  expect(lines[0]).toContain('--user');

  const asOwner = await startImage({ ssh, user: OPERATOR_UID });
  const checked = await asOwner.exec(['corectl', 'check', 'playbooks/site.ts', '--limit', host]);
  expect(checked.stderr).toBe('');
  expect(checked.stdout).toMatch(new RegExp(`^${host}\\s+ok=`, 'm'));
});

it('runs the drift CronJob\'s pod as Kubernetes would: the site image, its uid and fsGroup, the Secret at 0440, a read-only root, state on a volume', async () => {
  const { pod, spec } = cronJobPod('deploy/kubernetes/corectl-drift-cronjob.yaml');
  const { runAsUser: uid, fsGroup } = pod.securityContext;
  await siteImage();
  const ssh = secretDir(fsGroup);
  const state = stateDir('state', fsGroup);
  const { url, received, close } = await webhookReceiver();
  try {
    const container = await startPod({ uid, fsGroup, ssh, state, env: Object.fromEntries(spec.env.map((e) => [e.name, e.value ?? ''])) });
    // Read-only root: not even the image user's own home can be written.
    expect((await container.exec(['touch', '/home/corectl/probe'])).stderr).toMatch(/Read-only file system/);
    const host = testCluster().hosts[2]!.name;
    const args = spec.args.map((arg) => (arg.startsWith('https://chat.example.net/') ? url : arg));
    const first = await container.exec(['corectl', ...args, '--limit', host]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(new RegExp(`^${host}\\s+ok=`, 'm'));
    expect([0, 5]).toContain(first.exitCode);
    expect(received.length).toBe(first.exitCode === 0 ? 0 : 1);
    const second = await container.exec(['corectl', ...args, '--limit', host]);
    expect(second.exitCode).toBe(first.exitCode);
    // What outlives the pod: the compiled playbook, every run's report, the JUnit report.
    expect(readdirSync(join(state, 'cache/corectl')).some((name) => name.endsWith('.mjs'))).toBe(true);
    expect(readdirSync(join(state, 'runs'))).toHaveLength(2);
    expect(readFileSync(join(state, 'junit.xml'), 'utf8')).toContain(`<testsuite name="${host}"`);
    const runs = await container.exec(['corectl', 'runs']);
    expect(runs.stdout.trim().split('\n')).toHaveLength(3);
  } finally {
    close();
  }
});

it('runs the sharded drift check\'s pods at once: each checks its slice, pod 0 merges them into one kept run with the whole run\'s exit code', async () => {
  const { pod, spec } = cronJobPod('deploy/kubernetes/corectl-drift-sharded.yaml');
  const { runAsUser: uid, fsGroup } = pod.securityContext;
  await siteImage();
  const ssh = secretDir(fsGroup);
  const state = stateDir('sharded-state', fsGroup);
  const env = Object.fromEntries(spec.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
  const slices = Number(env.SLICES);
  const { url, received, close } = await webhookReceiver();
  try {
    const pods = await Promise.all(Array.from({ length: slices }, () => startPod({ uid, fsGroup, ssh, state, env })));
    // What the kubelet adds: the index, and the job's name from the downward API.
    const script = spec.args[0]!.replace('https://chat.example.net/hooks/drift', url);
    const results = await Promise.all(pods.map((running, index) => running.exec([...spec.command!, script], { env: { JOB_COMPLETION_INDEX: String(index), JOB_NAME: 'corectl-drift-sharded-29412345' } })));
    for (const result of results) expect(result.stderr).toBe('');
    const dir = join(state, 'shards/corectl-drift-sharded-29412345');
    expect(readdirSync(dir).sort()).toEqual(Array.from({ length: slices }, (_, i) => `slice-${i}.json`));
    // One kept run, the merged one, whose exit code is pod 0's.
    const runs = readdirSync(join(state, 'runs'));
    expect(runs).toHaveLength(1);
    const merged = JSON.parse(readFileSync(join(state, 'runs', runs[0]!), 'utf8')) as { exitCode: number; shard?: unknown; hosts: Record<string, unknown> };
    expect(merged.shard).toBeUndefined();
    expect(results[0]!.exitCode).toBe(merged.exitCode);
    // The slices' findings are in their reports: each slice pod exits 0 (the Job never fails early).
    expect(results.slice(1).map((r) => r.exitCode)).toEqual(Array.from({ length: slices - 1 }, () => 0));
    expect(results[0]!.stdout).toMatch(new RegExp(`^merged ${slices} slices of check site\\.ts`, 'm'));
    expect(Object.keys(merged.hosts).sort()).toEqual([...testCluster().hosts.map((h) => h.name), testCluster().hidden!.name].sort());
    expect(received.length).toBe(merged.exitCode === 0 ? 0 : 1);
    expect(readFileSync(join(state, 'junit.xml'), 'utf8')).toContain('<testsuites');
  } finally {
    close();
  }
});

interface PodSpec {
  securityContext: { runAsUser: number; fsGroup: number };
  containers: { command?: string[]; args: string[]; env: { name: string; value?: string }[] }[];
}

function cronJobPod(file: string): { pod: PodSpec; spec: PodSpec['containers'][number] } {
  const manifest = parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS()).find((doc) => doc.kind === 'CronJob');
  const pod = manifest.spec.jobTemplate.spec.template.spec as PodSpec;
  return { pod, spec: pod.containers[0]! };
}

let siteImageBuilt: Promise<void> | undefined;

/**
 * The site image, built once from an operator's repository with deploy/kubernetes/site.Dockerfile
 * (its node_modules included, as a careless build context would have it: the Dockerfile removes it).
 */
function siteImage(): Promise<void> {
  siteImageBuilt ??= (async () => {
    const site = siteDir('site-for-image');
    mkdirSync(join(site, 'node_modules/corectl'), { recursive: true });
    writeFileSync(join(site, 'node_modules/corectl/package.json'), '{"name": "corectl", "main": "missing.js"}');
    copyFileSync('deploy/kubernetes/site.Dockerfile', join(site, 'site.Dockerfile'));
    await GenericContainer.fromDockerfile(site, 'site.Dockerfile').withBuildArgs({ CORECTL_IMAGE: IMAGE }).build(SITE_IMAGE, { deleteOnExit: false });
  })();
  return siteImageBuilt;
}

/** The Secret's files as the kubelet writes them with fsGroup and defaultMode 0440. */
function secretDir(fsGroup: number): string {
  const ssh = sshDir('secret', 0, 0o440);
  for (const file of ['', 'id_ed25519', 'known_hosts']) chownSync(join(ssh, file), 0, fsGroup);
  chmodSync(ssh, 0o755);
  chmodSync(join(ssh, 'known_hosts'), 0o440);
  return ssh;
}

/** A volume as the kubelet prepares it for fsGroup: group-owned, group-writable, setgid. */
function stateDir(name: string, fsGroup: number): string {
  const state = join(scratch, name);
  mkdirSync(state);
  chownSync(state, 0, fsGroup);
  chmodSync(state, 0o2775);
  return state;
}

/** A container shaped like the manifests' pods: their uid and fsGroup, read-only root, volumes. */
async function startPod(options: { uid: number; fsGroup: number; ssh: string; state: string; env: Record<string, string> }): Promise<StartedTestContainer> {
  const container = await new PodContainer(SITE_IMAGE)
    .readOnlyRoot()
    .withUser(`${options.uid}:${options.fsGroup}`)
    .withNetworkMode('host')
    .withTmpFs({ '/tmp': 'rw,size=64m' })
    .withBindMounts([{ source: options.ssh, target: '/home/corectl/.ssh', mode: 'ro' }, { source: options.state, target: '/var/lib/corectl', mode: 'rw' }])
    .withEnvironment(options.env)
    .withEntrypoint(['sleep', 'infinity'])
    .start();
  started.push(container);
  return container;
}

/** GenericContainer with what a pod's securityContext can ask and testcontainers has no call for. */
class PodContainer extends GenericContainer {
  readOnlyRoot(): this {
    this.hostConfig.ReadonlyRootfs = true;
    return this;
  }
}

/** The example site as an operator's repository: playbooks/ and an inventory for the sandbox. */
function siteDir(name = 'site'): string {
  const site = join(scratch, name);
  mkdirSync(join(site, 'inventory'), { recursive: true });
  cpSync('playbooks', join(site, 'playbooks'), { recursive: true });
  // The sandbox inventory, reaching hosts with OpenSSH's default key and known_hosts paths.
  const inventory = parse(readFileSync(testCluster().inventory, 'utf8')) as { defaults: Record<string, unknown> };
  delete inventory.defaults.identityFile;
  delete inventory.defaults.knownHosts;
  writeFileSync(join(site, 'inventory/hosts.yaml'), stringify(inventory));
  return site;
}

/** ~/.ssh with the sandbox's client key and known_hosts, owned by `uid`, the key with `mode`. */
function sshDir(name: string, uid: number, mode: number): string {
  const dir = join(scratch, `ssh-${name}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(testCluster().clientKey, join(dir, 'id_ed25519'));
  copyFileSync(testCluster().knownHosts, join(dir, 'known_hosts'));
  chmodSync(join(dir, 'id_ed25519'), mode);
  chmodSync(join(dir, 'known_hosts'), 0o644);
  chmodSync(dir, 0o700);
  for (const file of ['', 'id_ed25519', 'known_hosts']) chownSync(join(dir, file), uid, uid);
  return dir;
}

async function startImage(options: { ssh: string; user?: number }): Promise<StartedTestContainer> {
  let container = new GenericContainer(IMAGE)
    // The sandbox hosts are reached from the machine's own network, as a laptop reaches a fleet.
    .withNetworkMode('host')
    .withBindMounts([
      { source: siteDir(), target: '/work', mode: 'ro' },
      { source: options.ssh, target: '/home/corectl/.ssh', mode: 'ro' },
    ])
    .withEntrypoint(['sleep', 'infinity']);
  if (options.user !== undefined) container = container.withUser(String(options.user));
  const running = await container.start();
  started.push(running);
  return running;
}

function recapRow(stdout: string, host: string): string | undefined {
  return stdout.split('\n').find((line) => line.startsWith(`${host} `))?.replace(/\s+/g, ' ');
}

function certificates(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----\n[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
}

/** Which of `needles` occur anywhere in the image's filesystem (every file, read as bytes). */
async function filesystemContains(image: string, needles: string[]): Promise<string[]> {
  if (needles.length === 0) return [];
  const id = (await podman(engine, ['create', '--entrypoint', 'true', image])).trim();
  const archive = join(scratch, `${id}.tar`);
  try {
    await podman(engine, ['export', '-o', archive, id]);
    const found = await run('grep', ['-a', '-o', '-F', ...needles.flatMap((needle) => ['-e', needle]), archive], { allowFailure: true });
    return needles.filter((needle) => found.includes(needle));
  } finally {
    rmSync(archive, { force: true });
    await podman(engine, ['rm', id]);
  }
}
