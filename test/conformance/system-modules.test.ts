// corectl's system modules (user, group, systemd, sysctl, authorizedKeys) against real
// ansible-core (with ansible.posix) on test hosts of their own: Ansible needs python3 there, which
// Fedora CoreOS and the other test hosts do not have. Every case identical or a listed deliberate
// difference, idempotent, and predicted by check mode; the figures are printed at the end.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from '../hosts/cluster.ts';
import { testImageArchive } from '../hosts/test-image.ts';
import { summaryLines, verdictsOf } from './conformance-summary.ts';
import { authorizedKeyCases, sysctlCases, systemdCases } from './system/cases/services.ts';
import { groupCases, userCases } from './system/cases/users.ts';
import { mountCases } from './system/cases/mounts.ts';
import { runSystemConformance } from './system/run-system-conformance.ts';
import { languageCases } from './language/cases.ts';
import { connectionCases } from './system/cases/connection.ts';
import { buildCases } from './system/cases/podman-build.ts';
import { pruneCases } from './system/cases/podman-prune.ts';
import { loginCases } from './system/cases/podman-login.ts';
import { startRegistry } from '../hosts/registry.ts';
import { PODMAN_NOTES, podmanCases } from './system/cases/podman.ts';
import { timezoneCases } from './system/cases/timezone.ts';
import { URI_CASE_COUNT, uriCases } from './system/cases/uri.ts';
import { startHttpServer } from './http-server.ts';
import { startOwnHosts, type OwnHosts } from './own-hosts.ts';
import type { LanguageCase } from './language/language-case.ts';
import { runLanguageConformance } from './language/run-language-conformance.ts';

// CORECTL_CONFORMANCE_ONLY=sysctl (a prefix of case ids) runs a part, while working on a module.
const cases = [...userCases, ...groupCases, ...systemdCases, ...sysctlCases, ...authorizedKeyCases, ...mountCases].filter((c) => c.id.startsWith(process.env.CORECTL_CONFORMANCE_ONLY ?? ''));

describe('system modules conform to ansible-core', () => {
  let own: OwnHosts;
  let cluster: TestCluster;

  beforeAll(async () => {
    // The second host is shaped like Fedora CoreOS (bash as /bin/sh, gawk); Ansible runs on the
    // first, and corectl on the other two (the third is the first's twin), all three at once.
    own = await startOwnHosts({ name: 'sysconf', hosts: 3, coreos: [1], extraPackages: ['python3'] });
    cluster = own.cluster;
  }, 600_000);
  afterAll(async () => {
    await own?.stop();
  });

  it('every case is identical to Ansible or a listed deliberate difference; idempotent; predicted by check mode', { timeout: 900_000 }, async () => {
    const [first, second, twin] = cluster.hosts;
    const inventory = join(cluster.dir, 'ansible-hosts.ini');
    writeFileSync(inventory, `${first!.name} ansible_host=${first!.address} ansible_user=core ansible_ssh_private_key_file=${cluster.clientKey} ansible_ssh_common_args='-o UserKnownHostsFile=${cluster.knownHosts} -o StrictHostKeyChecking=yes'\n`);
    const run = async (host: string, script: string) => {
      const result = await own.exec(host, script);
      if (result.stderr.trim()) throw new Error(`${host}: ${result.stderr}`);
      return result.stdout;
    };
    const report = await runSystemConformance(cases, {
      ansibleHost: first!.name,
      hosts: [twin!.name, second!.name],
      ansibleInventory: inventory,
      targets: await own.targets(),
      run,
    });

    const verdictOf = verdictsOf(report.verdicts);
    console.log([
      'system modules against ansible-core (Ansible on a Debian-shaped host; corectl on it and on a Fedora-CoreOS-shaped one):',
      ...summaryLines(cases, ['user', 'group', 'systemd', 'sysctl', 'authorized_key', 'mount'], verdictOf, [15, 3]),
      `  idempotence failures: ${report.idempotenceFailures.length}; check-mode mismatches: ${report.checkMismatches.length}; what check mode cannot know: ${report.checkCannotKnow.length}`,
      '  deliberate differences:', ...cases.filter((c) => c.deliberate).map((c) => `    ${c.id}: ${c.deliberate}`),
      '  check mode cannot know:', ...report.checkCannotKnow.map((line) => `    ${line}`),
    ].join('\n'));

    expect.soft(report.verdicts.filter((v) => v.kind === 'different').map((v) => `${v.host} ${v.id}: ${v.problems.join('; ')}`)).toEqual([]);
    expect.soft(cases.filter((c) => c.deliberate && verdictOf(c.id) === 'identical').map((c) => c.id)).toEqual([]);
    expect.soft(report.idempotenceFailures).toEqual([]);
    expect.soft(report.checkMismatches).toEqual([]);
  });

  // The playbook language (per-host loops, check mode, blocks) on the same Debian-shaped host:
  // one play per case, in a run and in check mode, from the same start state.
  it('the playbook language: every case gives the same results in order and leaves the same state, or is a listed deliberate difference', { timeout: 900_000 }, async () => {
    // The second host is the delegate of delegateTo cases.
    const { verdicts } = await playCases(languageCases);
    const count = (kind: string) => verdicts.filter((v) => v.kind === kind).length;
    console.log([
      `the playbook language against ansible-core: ${languageCases.length} cases, ${verdicts.length} passes (run and check): ${count('identical')} identical, ${count('deliberate')} deliberate, ${count('different')} different`,
      '  deliberate differences:', ...languageCases.filter((c) => c.deliberate).map((c) => `    ${c.id}: ${c.deliberate}`),
    ].join('\n'));
    expect.soft(verdicts.filter((v) => v.kind === 'different').map((v) => `${v.id} (${v.mode}): ${v.problems.join('; ')}`)).toEqual([]);
    expect.soft(languageCases.filter((c) => c.deliberate && verdicts.some((v) => v.id === c.id) && verdicts.filter((v) => v.id === c.id).every((v) => v.kind === 'identical')).map((c) => c.id)).toEqual([]);
  });

  /** Play-by-play cases (language-style) on the two hosts (in lanes; each the delegate of the other). */
  async function playCases(cases: LanguageCase[]) {
    const [host, delegate] = cluster.hosts as [typeof cluster.hosts[0], typeof cluster.hosts[0]];
    const inventory = join(cluster.dir, 'ansible-language.ini');
    writeFileSync(inventory, [host, delegate].map((h) => `${h.name} ansible_host=${h.address} ansible_user=core ansible_ssh_private_key_file=${cluster.clientKey} ansible_ssh_common_args='-o UserKnownHostsFile=${cluster.knownHosts} -o StrictHostKeyChecking=yes'\n`).join(''));
    const run = async (name: string, script: string) => (await own.exec(name, script)).stdout;
    const selected = cases.filter((c) => c.id.startsWith(process.env.CORECTL_CONFORMANCE_ONLY ?? ''));
    const verdicts = await runLanguageConformance(selected, {
      host: host.name, delegate: delegate.name, inventory, run, targets: await own.targets(),
    });
    const count = (kind: string) => verdicts.filter((v) => v.kind === kind).length;
    const tasks = selected.reduce((n, c) => n + c.ansible.length, 0);
    return { selected, verdicts, summary: `${selected.length} cases (${tasks} tasks), ${verdicts.length} passes: ${count('identical')} identical, ${count('deliberate')} deliberate, ${count('different')} different` };
  }

  // Modules whose state is one per host (the time zone): each case a play from its own start state.
  it('modules with one state per host (timezone), and waitForConnection: the same results in order and the same state, run and check', { timeout: 900_000 }, async () => {
    const { selected, verdicts, summary } = await playCases([...timezoneCases, ...connectionCases]);
    console.log([`timezone against community.general.timezone, waitForConnection against ansible.builtin.wait_for_connection: ${summary}`, '  deliberate differences:', ...selected.filter((c) => c.deliberate).map((c) => `    ${c.id}: ${c.deliberate}`)].join('\n'));
    expect.soft(verdicts.filter((v) => v.kind === 'different').map((v) => `${v.id} (${v.mode}): ${v.problems.join('; ')}`)).toEqual([]);
    expect.soft(selected.filter((c) => c.deliberate && verdicts.some((v) => v.id === c.id) && verdicts.filter((v) => v.id === c.id).every((v) => v.kind === 'identical')).map((c) => c.id)).toEqual([]);
  });

  // The image is loaded on the two hosts of these cases first (no registry here); each tool then runs from it.
  it('podman pods, Kubernetes YAML, builds, prune and logins: the same results in order, and the same pods running and serving, the same left after a prune', { timeout: 900_000 }, async () => {
    const archive = readFileSync(await testImageArchive());
    for (const h of cluster.hosts.slice(0, 2)) await own.exec(h.name, 'podman load -q >/dev/null', { stdin: archive, timeoutMs: 120_000 });
    const registry = await startRegistry(cluster.gateway);
    const { selected, verdicts, summary } = await playCases([...podmanCases, ...buildCases, ...pruneCases, ...loginCases(registry, registry.users[1]!)]).finally(() => registry.stop());
    // A prune's difference is in its result only: both tools leave the same behind.
    expect.soft(verdicts.filter((v) => v.id.startsWith('podman-prune-') && v.problems.some((p) => p.startsWith('state:'))).map((v) => `${v.id}: ${v.problems.join('; ')}`)).toEqual([]);
    console.log([`podman against containers.podman (podman_pod, podman_container, podman_play, podman_image build, podman_prune, podman_login, podman_logout): ${summary}`, ...PODMAN_NOTES.map((n) => `  ${n}`), '  deliberate differences:', ...selected.filter((c) => c.deliberate).map((c) => `    ${c.id}: ${c.deliberate}`)].join('\n'));
    expect.soft(verdicts.filter((v) => v.kind === 'different').map((v) => `${v.id} (${v.mode}): ${v.problems.join('; ')}`)).toEqual([]);
    expect.soft(selected.filter((c) => c.deliberate && verdicts.some((v) => v.id === c.id) && verdicts.filter((v) => v.id === c.id).every((v) => v.kind === 'identical')).map((c) => c.id)).toEqual([]);
  });

  // uri's requests go from the host to a server this test starts on the cluster's network.
  it('uri: the same results in order, and the same values recorded from them', { timeout: 900_000 }, async () => {
    const server = await startHttpServer(cluster.gateway);
    const closed = await startHttpServer(cluster.gateway);
    await closed.close();
    try {
      const { selected, verdicts, summary } = await playCases(uriCases(server.base, closed.base));
      console.log([`uri against ansible.builtin.uri: ${URI_CASE_COUNT} cases, as ${summary} (the real run's cases share one play)`, '  deliberate differences:', ...selected.filter((c) => c.deliberate).map((c) => `    ${c.id}: ${c.deliberate}`)].join('\n'));
      expect.soft(verdicts.filter((v) => v.kind === 'different').map((v) => `${v.id} (${v.mode}): ${v.problems.join('; ')}`)).toEqual([]);
      expect.soft(selected.filter((c) => c.deliberate && verdicts.some((v) => v.id === c.id) && verdicts.filter((v) => v.id === c.id).every((v) => v.kind === 'identical')).map((c) => c.id)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
