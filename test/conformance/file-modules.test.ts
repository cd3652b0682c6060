// corectl's file and text modules against real ansible-core on identical start states: every
// case identical or a listed deliberate difference, idempotent, and predicted by check mode, on a
// Debian-shaped host (dash, mawk) and a Fedora-CoreOS-shaped one (bash, gawk). The figures are
// printed at the end, with the deliberate differences and their reasons.
import { summaryLines, verdictsOf } from './conformance-summary.ts';
import { describe, expect, it } from 'vitest';
import type { ModuleCall } from '../../src/module-api/define-module.ts';
import { blockInFile, directory, file, hardlink, lineInFile, replace, symlink, template, touch } from '../../modules/index.ts';
import { hostsOfEachFlavor } from '../integration/helpers.ts';
import { blockinfileCases } from './cases/blockinfile.ts';
import { fileCases } from './cases/file.ts';
import { lineinfileCases } from './cases/lineinfile.ts';
import { replaceCases } from './cases/replace.ts';
import { runConformance } from './run-conformance.ts';

// CORECTL_CONFORMANCE_ONLY=fi-dir (a prefix of case ids) runs a part, while working on a module.
const cases = [...lineinfileCases, ...blockinfileCases, ...replaceCases, ...fileCases].filter((c) => c.id.startsWith(process.env.CORECTL_CONFORMANCE_ONLY ?? ''));

// Ansible options users expect (issue 15), by the corectl module and name that expresses them.
const EXPECTED_OPTIONS: [(o: never) => ModuleCall, string[]][] = [
  [lineInFile, ['insertBefore', 'backrefs', 'firstMatch', 'searchString', 'validate', 'backup', 'owner', 'group', 'mode']],
  [blockInFile, ['insertAfter', 'insertBefore', 'markerBegin', 'markerEnd', 'validate', 'backup', 'owner', 'group', 'mode', 'create']],
  [replace, ['after', 'before', 'validate', 'backup', 'owner', 'group', 'mode']],
  [touch, ['modificationTime', 'accessTime', 'modificationTimeFormat', 'accessTimeFormat']],
  [hardlink, ['target', 'force']],
  [directory, ['recurse', 'follow', 'mode', 'owner', 'group']],
  [symlink, ['force']],
  [file, ['mode', 'owner', 'group', 'validate', 'backup']],
  [template, ['validate', 'backup']],
];

function optionNames(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; in?: unknown; def?: { in?: unknown } };
  if (s.shape) return Object.keys(s.shape);
  return optionNames(s.in ?? s.def?.in);
}

describe('file and text modules conform to ansible-core', () => {
  it('every case is identical to Ansible or a listed deliberate difference; idempotent; predicted by check mode', { timeout: 900_000 }, async () => {
    const hosts = hostsOfEachFlavor().map((h) => h.name);
    const report = await runConformance(cases, hosts);

    const missing = EXPECTED_OPTIONS.flatMap(([module, names]) => {
      const call = (module as () => ModuleCall)();
      return names.filter((name) => !optionNames(call.definition.schema).includes(name)).map((name) => `${call.definition.name}.${name}`);
    });
    const verdictOf = verdictsOf(report.verdicts);
    console.log([
      `conformance with ansible-core on ${hosts.length} host shapes (debian: dash+mawk, coreos: bash+gawk):`,
      ...summaryLines(cases, ['lineinfile', 'blockinfile', 'replace', 'file', 'copy', 'template'], verdictOf, [12, 4]),
      `  idempotence failures: ${report.idempotenceFailures.length}; check-mode mismatches: ${report.checkMismatches.length}; options listed in issue 15 not expressible: ${missing.length}`,
      '  deliberate differences:',
      ...cases.filter((c) => c.deliberate).map((c) => `    ${c.id}: ${c.deliberate}`),
    ].join('\n'));

    expect.soft(report.verdicts.filter((v) => v.kind === 'different').map((v) => `${v.host} ${v.id}: ${v.problems.join('; ')}`)).toEqual([]);
    // A listed difference that is no longer one must leave the list.
    expect.soft(cases.filter((c) => c.deliberate && verdictOf(c.id) === 'identical').map((c) => c.id)).toEqual([]);
    expect.soft(report.idempotenceFailures).toEqual([]);
    expect.soft(report.checkMismatches).toEqual([]);
    expect.soft(missing).toEqual([]);
    if (!process.env.CORECTL_CONFORMANCE_ONLY) expect(cases.length).toBeGreaterThanOrEqual(150);
  });
});
