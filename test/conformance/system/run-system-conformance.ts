// The conformance procedure for system cases: Ansible over SSH on a host with python3; corectl on
// other hosts from the same start state (its twin, and a Fedora-CoreOS-shaped one); then corectl
// again (idempotence) and in check mode from the start state (the real run's outcome, failures
// too). corectl's passes on hosts other than Ansible's run while Ansible runs; a host that is both
// gets corectl's passes after Ansible's.
import { runAnsible } from '../ansible-runner.ts';
import { refusal, runCorectl } from '../corectl-runner.ts';
import type { RunTargets } from '../../integration/helpers.ts';
import type { SystemCase } from './system-case.ts';

export interface SystemVerdict {
  id: string;
  host: string;
  kind: 'identical' | 'deliberate' | 'different';
  problems: string[];
}

export interface SystemReport {
  verdicts: SystemVerdict[];
  idempotenceFailures: string[];
  checkMismatches: string[];
  checkCannotKnow: string[];
}

export interface SystemHosts {
  /** The host Ansible runs on (and corectl too). */
  ansibleHost: string;
  /** Every host corectl runs on. */
  hosts: string[];
  /** Ansible's inventory for ansibleHost. */
  ansibleInventory: string;
  targets: RunTargets;
  /** Runs a script as root; resolves with its stdout, rejects when it wrote to stderr. */
  run: (host: string, script: string) => Promise<string>;
}

const setupScript = (cases: SystemCase[]) => [
  ...cases.filter((c) => c.clean).map((c) => `( ${c.clean}\n) >/dev/null 2>&1`),
  ...cases.map((c) => `out=$( ( set -e\n${c.setup}\n) 2>&1 ) || echo "setup of ${c.id} failed: $out" >&2`),
  ...cases.filter((c) => c.lateSetup).map((c) => `out=$( ( set -e\n${c.lateSetup}\n) 2>&1 ) || echo "late setup of ${c.id} failed: $out" >&2`),
].join('\n');
const probeScript = (cases: SystemCase[]) => cases.map((c) => `printf '@@%s\\n' '${c.id}'\n( ${c.probe}\n) 2>&1`).join('\n');

function parseProbes(output: string): Map<string, string> {
  const probes = new Map<string, string>();
  let id = '';
  for (const line of output.split('\n')) {
    if (line.startsWith('@@')) {
      id = line.slice(2);
      probes.set(id, '');
    } else if (id) probes.set(id, `${probes.get(id)}${line}\n`);
  }
  return probes;
}

export async function runSystemConformance(cases: SystemCase[], where: SystemHosts): Promise<SystemReport> {
  const refused = new Map(cases.flatMap((c) => { const why = refusal(c.corectl); return why ? [[c.id, why] as const] : []; }));
  const runnable = cases.filter((c) => !refused.has(c.id));
  const tasks = (list: SystemCase[]) => list.map((c) => ({ id: c.id, call: c.corectl }));
  const start = setupScript(cases);
  const probe = probeScript(cases);

  // corectl's passes on some hosts: from the start state a run, a second run (idempotence), then
  // check mode from the start state again. What each host gave, by host.
  const corectlPasses = async (hosts: string[]) => {
    if (hosts.length === 0) return new Map<string, never>();
    const onThese = async (script: string) => Object.fromEntries(await Promise.all(hosts.map(async (h) => [h, await where.run(h, script)] as const)));
    await onThese(start);
    const startStates = await onThese(probe);
    const first = await runCorectl(tasks(runnable), hosts, false, where.targets);
    const after = await onThese(probe);
    const second = await runCorectl(tasks(runnable), hosts, false, where.targets);
    await onThese(start);
    const failing = (c: SystemCase) => hosts.some((h) => first.get(h)!.get(c.id)?.status === 'failed');
    // Cases that fail come first (after a task that would change the host, check mode reports a
    // failure as "cannot tell"); those check mode cannot predict come last.
    const order = (c: SystemCase) => (c.checkCannotKnow ? 2 : failing(c) ? 0 : 1);
    const check = await runCorectl(tasks([...runnable].sort((a, b) => order(a) - order(b))), hosts, true, where.targets);
    const afterCheck = await onThese(probe);
    return new Map(hosts.map((h) => [h, {
      startState: parseProbes(startStates[h]!), first: first.get(h)!, after: parseProbes(after[h]!), second: second.get(h)!, check: check.get(h)!, afterCheck: parseProbes(afterCheck[h]!),
    }]));
  };
  const ansiblePass = async () => {
    await where.run(where.ansibleHost, start);
    const outcomes = await runAnsible(cases.map((c) => ({ id: c.id, ...c.ansible })), { inventory: where.ansibleInventory, host: where.ansibleHost });
    return { outcomes, expected: parseProbes(await where.run(where.ansibleHost, probe)) };
  };
  // Ansible's pass on its host takes longest: corectl's passes on the other hosts run meanwhile,
  // then on Ansible's host if it is one of corectl's too.
  const others = where.hosts.filter((h) => h !== where.ansibleHost);
  const [{ outcomes: ansible, expected }, elsewhere] = await Promise.all([ansiblePass(), corectlPasses(others)]);
  const passes = new Map([...elsewhere, ...await corectlPasses(where.hosts.filter((h) => h === where.ansibleHost))]);

  const report: SystemReport = { verdicts: [], idempotenceFailures: [], checkMismatches: [], checkCannotKnow: [] };
  for (const host of where.hosts) {
    const { startState, first, after: got, second, check, afterCheck: untouched } = passes.get(host)!;
    for (const c of cases) {
      const ours = first.get(c.id);
      const theirs = ansible.get(c.id)!;
      const problems: string[] = [];
      if (refused.has(c.id)) problems.push(`refused: ${refused.get(c.id)}`);
      else if (!ours) problems.push('corectl did not run the case');
      else {
        if (expected.get(c.id) !== got.get(c.id)) problems.push(`state: Ansible left ${JSON.stringify(expected.get(c.id))}, corectl ${JSON.stringify(got.get(c.id))}`);
        const ourFailed = ours.status === 'failed';
        if (theirs.failed !== ourFailed) problems.push(`Ansible ${theirs.failed ? `failed (${theirs.message})` : 'succeeded'}, corectl ${ourFailed ? `failed (${ours.message})` : 'succeeded'}`);
        else if (!theirs.failed && theirs.changed !== (ours.status === 'changed')) problems.push(`Ansible changed=${theirs.changed}, corectl ${ours.status}`);
      }
      if (process.env.CORECTL_CONFORMANCE_DEBUG) console.log(c.id, host, JSON.stringify(expected.get(c.id)), JSON.stringify(got.get(c.id)), JSON.stringify(ours), JSON.stringify(theirs));
      report.verdicts.push({ id: c.id, host, kind: problems.length === 0 ? 'identical' : c.deliberate ? 'deliberate' : 'different', problems });
      if (!ours) continue;
      const twice = second.get(c.id)!;
      const wanted = ours.status === 'failed' ? 'failed' : 'ok';
      if (twice.status !== wanted && !c.repeats) report.idempotenceFailures.push(`${host} ${c.id}: second run ${twice.status} (${twice.message}), first ${ours.status}`);
      const predicted = check.get(c.id)!;
      if (predicted.status !== ours.status) {
        const line = `${host} ${c.id}: check mode said ${predicted.status} (${predicted.message}), the run was ${ours.status} (${ours.message})`;
        if (c.checkCannotKnow) report.checkCannotKnow.push(`${line}: ${c.checkCannotKnow}`);
        else report.checkMismatches.push(line);
      }
      if (startState.get(c.id) !== untouched.get(c.id)) report.checkMismatches.push(`${host} ${c.id}: check mode changed the host: ${JSON.stringify(startState.get(c.id))} -> ${JSON.stringify(untouched.get(c.id))}`);
    }
  }
  return report;
}
