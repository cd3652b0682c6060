// corectl's file and text modules against real ansible-core on identical start states: every
// case identical or a listed deliberate difference, idempotent, and predicted by check mode.
import { describe, expect, it } from 'vitest';
import { hostsOfEachFlavor } from '../integration/helpers.ts';
import { blockinfileCases } from './cases/blockinfile.ts';
import { fileCases } from './cases/file.ts';
import { lineinfileCases } from './cases/lineinfile.ts';
import { runConformance } from './run-conformance.ts';

const cases = [...lineinfileCases, ...blockinfileCases, ...fileCases];

describe('file and text modules conform to ansible-core', () => {
  it('every case is identical to Ansible or a listed deliberate difference; idempotent; predicted by check mode', { timeout: 900_000 }, async () => {
    // A Debian-shaped host (dash, mawk) and a Fedora-CoreOS-shaped one (bash, gawk).
    const hosts = hostsOfEachFlavor().map((h) => h.name);
    const report = await runConformance(cases, hosts);
    const different = report.verdicts.filter((v) => v.kind === 'different');
    const deliberateButSame = cases.filter((c) => c.deliberate && report.verdicts.some((v) => v.id === c.id && v.kind === 'identical'));
    const count = (kind: string) => new Set(report.verdicts.filter((v) => v.kind === kind).map((v) => v.id)).size;
    console.log(`conformance: ${cases.length} cases on ${hosts.length} host shape(s): ${count('identical')} identical, ${count('deliberate')} deliberate differences, ${count('different')} different; ${report.idempotenceFailures.length} idempotence failures, ${report.checkMismatches.length} check-mode mismatches`);
    expect.soft(different.map((v) => `${v.host} ${v.id}: ${v.problems.join('; ')}`)).toEqual([]);
    expect.soft(deliberateButSame.map((c) => c.id)).toEqual([]);
    expect.soft(report.idempotenceFailures).toEqual([]);
    expect.soft(report.checkMismatches).toEqual([]);
  });
});
