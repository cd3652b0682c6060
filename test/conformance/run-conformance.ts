// The conformance procedure, for any list of cases: Ansible once from the start state (on the
// controller); corectl meanwhile from the same start state on each host shape, then again
// (idempotence), then in check mode from the start state again (its prediction must be the real
// run's outcome, failures included).
import { execFileSync } from 'node:child_process';
import type { RunTargets } from '../integration/helpers.ts';
import type { ConformanceCase } from './conformance-case.ts';
import { runAnsible, type AnsibleOutcome } from './ansible-runner.ts';
import { refusal, runCorectl, type CorectlOutcome } from './corectl-runner.ts';
import { caseDir, parseSnapshot, SNAPSHOT_SCRIPT, startScript, type SnapshotEntry } from './file-tree.ts';

export interface CaseVerdict {
  id: string;
  host: string;
  kind: 'identical' | 'deliberate' | 'different';
  problems: string[];
}

export interface ConformanceReport {
  verdicts: CaseVerdict[];
  idempotenceFailures: string[];
  checkMismatches: string[];
  refused: Map<string, string>;
}

const local = (script: string) => execFileSync('sh', ['-c', script], { maxBuffer: 256 * 1024 * 1024 }).toString();

/** Where corectl runs the cases: hosts by name, a root shell on each, and the run's inventory. */
export interface ConformanceHosts {
  hosts: string[];
  run: (host: string, script: string) => Promise<string>;
  targets: RunTargets;
}

export async function runConformance(cases: ConformanceCase[], where: ConformanceHosts): Promise<ConformanceReport> {
  const { hosts, run, targets } = where;
  const refused = new Map(cases.flatMap((c) => { const why = refusal(c.corectl(caseDir(c.id))); return why ? [[c.id, why] as const] : []; }));
  const runnable = cases.filter((c) => !refused.has(c.id));
  const tasks = (list: ConformanceCase[]) => list.map((c) => ({ id: c.id, call: c.corectl(caseDir(c.id)) }));
  const start = startScript(cases);

  local(start);
  // Ansible runs on the controller and corectl on the hosts, each from its own copy of the start
  // state: the two passes run at once.
  const ansiblePass = async () => {
    const timing = Date.now();
    const outcomes = await runAnsible(cases.map((c) => ({ id: c.id, ...c.ansible(caseDir(c.id)), jinja: c.jinja })));
    console.log(`ansible-core ran ${cases.length} cases in ${((Date.now() - timing) / 1000).toFixed(1)} s`);
    return { ansible: outcomes, expected: parseSnapshot(local(SNAPSHOT_SCRIPT)) };
  };
  const onHosts = async (script: string) => Object.fromEntries(await Promise.all(hosts.map(async (h) => [h, await run(h, script)] as const)));
  const corectlPasses = async () => {
    await onHosts(start);
    const startState = parseSnapshot((await onHosts(SNAPSHOT_SCRIPT))[hosts[0]!]!);
    const first = await runCorectl(tasks(runnable), hosts, false, targets);
    const after = await onHosts(SNAPSHOT_SCRIPT);
    const second = await runCorectl(tasks(runnable), hosts, false, targets);
    await onHosts(start);
    // Cases that fail come first: after a task that would change the host, check mode reports a
    // failure as "cannot tell" (skipped), and the cases must be predicted as a run of each alone.
    const failing = (c: ConformanceCase) => hosts.some((h) => first.get(h)!.get(c.id)?.status === 'failed');
    const check = await runCorectl(tasks([...runnable.filter(failing), ...runnable.filter((c) => !failing(c))]), hosts, true, targets);
    const afterCheck = await onHosts(SNAPSHOT_SCRIPT);
    return { startState, first, after, second, check, afterCheck };
  };
  const [{ ansible, expected }, { startState, first, after, second, check, afterCheck }] = await Promise.all([ansiblePass(), corectlPasses()]);

  const verdicts: CaseVerdict[] = [];
  const idempotenceFailures: string[] = [];
  const checkMismatches: string[] = [];
  for (const host of hosts) {
    const got = parseSnapshot(after[host]!);
    const untouched = parseSnapshot(afterCheck[host]!);
    for (const c of cases) {
      const problems = refused.has(c.id)
        ? [`refused: ${refused.get(c.id)}`]
        : compareCase(c, ansible.get(c.id)!, first.get(host)!.get(c.id), expected.get(c.id), got.get(c.id));
      const kind = problems.length === 0 ? 'identical' : c.deliberate ? 'deliberate' : 'different';
      verdicts.push({ id: c.id, host, kind, problems });
      if (refused.has(c.id)) continue;
      const once = first.get(host)!.get(c.id)!;
      const twice = second.get(host)!.get(c.id)!;
      const wanted = once.status === 'failed' ? 'failed' : 'ok';
      if (twice.status !== wanted && !c.repeats) idempotenceFailures.push(`${host} ${c.id}: second run ${twice.status} (${twice.message}), first ${once.status}`);
      const predicted = check.get(host)!.get(c.id)!;
      if (predicted.status !== once.status) checkMismatches.push(`${host} ${c.id}: check mode said ${predicted.status} (${predicted.message}), the run was ${once.status} (${once.message})`);
      const changedByCheck = diffTrees(startState.get(c.id), untouched.get(c.id), false);
      if (changedByCheck.length > 0) checkMismatches.push(`${host} ${c.id}: check mode changed the host: ${changedByCheck.join('; ')}`);
    }
  }
  return { verdicts, idempotenceFailures, checkMismatches, refused };
}

function compareCase(c: ConformanceCase, ansible: AnsibleOutcome, ours: CorectlOutcome | undefined, expected: Map<string, SnapshotEntry> | undefined, got: Map<string, SnapshotEntry> | undefined): string[] {
  if (!ours) return ['corectl did not run the case'];
  const problems = diffTrees(expected, got, !!c.times);
  const ourFailed = ours.status === 'failed';
  if (ansible.failed !== ourFailed) problems.push(`Ansible ${ansible.failed ? `failed (${ansible.message})` : 'succeeded'}, corectl ${ourFailed ? `failed (${ours.message})` : 'succeeded'}`);
  else if (!ansible.failed && ansible.changed !== (ours.status === 'changed')) problems.push(`Ansible changed=${ansible.changed}, corectl ${ours.status}`);
  return problems;
}

/** What differs between two snapshots of a case directory. */
function diffTrees(expected: Map<string, SnapshotEntry> | undefined, got: Map<string, SnapshotEntry> | undefined, times: boolean): string[] {
  const problems: string[] = [];
  const a = expected ?? new Map<string, SnapshotEntry>();
  const b = got ?? new Map<string, SnapshotEntry>();
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(path);
    const y = b.get(path);
    if (!x || !y) {
      problems.push(`${path}: ${x ? 'missing' : 'unexpected'}`);
      continue;
    }
    const keys: (keyof SnapshotEntry & string)[] = ['type', 'mode', 'uid', 'gid', 'target', 'content', ...(times ? (['mtime'] as const) : [])];
    for (const key of keys) {
      if (x[key] !== y[key]) problems.push(`${path}: ${key} ${show(key, x[key] as string)} expected, got ${show(key, y[key] as string)}`);
    }
    if (x.sameAs.join() !== y.sameAs.join()) problems.push(`${path}: hard links ${x.sameAs.join() || 'none'} expected, got ${y.sameAs.join() || 'none'}`);
  }
  return problems;
}

function show(key: string, value: string | undefined): string {
  if (key !== 'content' || value === undefined) return JSON.stringify(value);
  return JSON.stringify(Buffer.from(value, 'base64').toString('latin1'));
}
