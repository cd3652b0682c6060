// A handler an earlier run left owed, as check mode reports it: drift when it would still do
// something (or its module cannot tell), not when its module knows the host needs nothing more.
import { describe, expect, it } from 'vitest';
import { owedHandlerResult } from '../../../src/executor/run-play.ts';

const NOTE = 'pending since 2026-12-01T02:00:00.000Z (notified by a run of site.ts that ended before running it)';

describe('an owed handler in check mode', () => {
  it('is drift when its module cannot run in check mode (a restart)', () => {
    expect(owedHandlerResult({ status: 'skipped', changed: false, failed: false, skipped: true, message: 'not run in check mode' }, NOTE, true)).toMatchObject({ status: 'changed', changed: true });
  });

  it('is not drift when its module knows there is nothing left (the reboot already happened), and says why it was listed', () => {
    const result = owedHandlerResult({ status: 'ok', changed: false, failed: false, message: 'no reboot required' }, NOTE, true);
    expect(result).toMatchObject({ status: 'ok', changed: false });
    expect(result.message).toBe(`${NOTE}; no reboot required: nothing is left to do; the next run clears the record`);
  });

  it('in a real run keeps its module result and adds the note', () => {
    expect(owedHandlerResult({ status: 'ok', changed: false, failed: false, message: 'no reboot required' }, NOTE, false)).toMatchObject({ status: 'ok', message: `${NOTE}; no reboot required` });
  });
});
