// The table both conformance suites print: per module, how many cases (and how many come from
// Ansible's own tests) are identical, deliberate differences or different, then the total.
interface SummaryCase {
  id: string;
  module: string;
  source: string;
  deliberate?: string;
}

type Kind = 'identical' | 'deliberate' | 'different';

/** A case's verdict over every host it ran on: different anywhere beats deliberate beats identical. */
export function verdictsOf(verdicts: readonly { id: string; kind: string }[]): (id: string) => Kind {
  return (id) => {
    const kinds = new Set(verdicts.filter((v) => v.id === id).map((v) => v.kind));
    return kinds.has('different') ? 'different' : kinds.has('deliberate') ? 'deliberate' : 'identical';
  };
}

/** One row per module and the total line; `widths` pads the module name and the case count. */
export function summaryLines(cases: readonly SummaryCase[], modules: readonly string[], verdictOf: (id: string) => Kind, widths: [name: number, count: number]): string[] {
  const rows = modules.map((module) => {
    const mine = cases.filter((c) => c.module === module);
    const count = (kind: Kind) => mine.filter((c) => verdictOf(c.id) === kind).length;
    return `  ${module.padEnd(widths[0])} ${String(mine.length).padStart(widths[1])} cases (${mine.filter((c) => c.source === 'ansible').length} from Ansible's tests)  ${count('identical')} identical  ${count('deliberate')} deliberate  ${count('different')} different`;
  });
  const count = (kind: Kind) => cases.filter((c) => verdictOf(c.id) === kind).length;
  return [...rows, `  total: ${cases.length} cases, ${count('identical')} identical, ${count('deliberate')} deliberate differences, ${count('different')} different`];
}
