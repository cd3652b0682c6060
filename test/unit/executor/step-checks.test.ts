// Whether a task's step runs in check mode: the task's own checkMode, then the module's readOnly,
// which may depend on the options (uri: a GET only reads, a POST is not sent in check mode).
import { describe, expect, it } from 'vitest';
import { stat, uri } from '../../../modules/index.ts';
import { stepChecks } from '../../../src/executor/run-task.ts';

const definitionOf = (call: { definition: unknown }) => call.definition as Parameters<typeof stepChecks>[1];

describe('stepChecks', () => {
  it('runs a read-only module for real in check mode, and a module whose options make it read-only', () => {
    const uriDefinition = definitionOf(uri({ url: 'http://h/' }));
    const options = (o: Record<string, unknown>) => (uriDefinition.schema as { parse(v: unknown): unknown }).parse(o);
    expect(stepChecks({}, uriDefinition, true, options({ url: 'http://h/' }))).toBe(false);
    expect(stepChecks({}, uriDefinition, true, options({ url: 'http://h/', method: 'HEAD' }))).toBe(false);
    expect(stepChecks({}, uriDefinition, true, options({ url: 'http://h/', method: 'POST' }))).toBe(true);
    expect(stepChecks({}, definitionOf(stat({ path: '/etc' })), true, { path: '/etc' })).toBe(false);
  });

  it("puts the task's own checkMode first, and never checks in a real run", () => {
    const uriDefinition = definitionOf(uri({ url: 'http://h/' }));
    expect(stepChecks({ checkMode: true }, uriDefinition, false, { method: 'GET' })).toBe(true);
    expect(stepChecks({ checkMode: false }, uriDefinition, true, { method: 'POST' })).toBe(false);
    expect(stepChecks({}, uriDefinition, false, { method: 'POST' })).toBe(false);
  });
});
