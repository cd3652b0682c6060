// The JSON report (`--report json=PATH`). Versioned: a consumer checks `schema`. Fields are
// documented in README "Reports"; a new field may be added within a version, none removed.
import type { RunRecord } from './run-record.ts';

export const JSON_REPORT_SCHEMA = 'corectl.report/v1';

export function jsonReport(record: RunRecord, exitCode: number): string {
  return `${JSON.stringify({ schema: JSON_REPORT_SCHEMA, exitCode, ...record }, null, 2)}\n`;
}
