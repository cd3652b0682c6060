// The JSON report (`--report json=PATH`). Versioned: a consumer checks `schema`. Fields are
// documented in README "Reports"; a new field may be added within a version, none removed.
import type { z } from 'zod';
import type { jsonReportSchema } from './report-schema.ts';
import type { RunRecord } from './run-record.ts';

export const JSON_REPORT_SCHEMA = 'corectl.report/v1' as const;

/**
 * The exact text, with every control character escaped: JSON.stringify escapes C0 controls, and
 * DEL, C1 controls and the Unicode ones that reorder text are escaped here too, so `cat report.json`
 * cannot drive a terminal either.
 */
export function jsonReport(record: RunRecord, exitCode: number): string {
  // Typed against the published schema: a field the schema does not describe does not compile.
  const report: z.input<typeof jsonReportSchema> = { schema: JSON_REPORT_SCHEMA, exitCode, ...record };
  const json = JSON.stringify(report, null, 2);
  return `${json.replace(/[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
