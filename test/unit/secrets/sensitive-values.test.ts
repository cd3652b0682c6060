import { afterEach, describe, expect, it } from 'vitest';
import { clearSensitiveValues, holdsSensitive, redactDeep, redactText, REDACTED, sensitive } from '../../../src/secrets/sensitive-values.ts';

afterEach(() => clearSensitiveValues());

describe('sensitive values', () => {
  it('masks a registered value wherever it appears, longest first', () => {
    sensitive({ db: 'hunter22', nested: ['hunter22-extended'] });
    expect(redactText('pw=hunter22; other=hunter22-extended.')).toBe(`pw=${REDACTED}; other=${REDACTED}.`);
  });

  it('masks each line of a multi-line secret, so a line of it quoted alone is masked too', () => {
    sensitive('-----BEGIN KEY-----\nAAAABBBBCCCC\n-----END KEY-----\n');
    expect(redactText('line 2 was AAAABBBBCCCC')).toBe(`line 2 was ${REDACTED}`);
  });

  it('treats regular-expression characters in a secret literally', () => {
    sensitive('a.b*c(d)$');
    expect(redactText('x a.b*c(d)$ y aXbbc(d)$')).toBe(`x ${REDACTED} y aXbbc(d)$`);
  });

  it('recognises options that hold a secret, whole or inside a longer string, and short secrets only whole', () => {
    sensitive({ token: 's3cr3t-token', pin: '42' });
    expect(holdsSensitive({ path: '/etc/x', content: 'TOKEN=s3cr3t-token\n' })).toBe(true);
    expect(holdsSensitive({ lines: ['a', { value: 42 }] })).toBe(true);
    expect(holdsSensitive({ content: 'port 4242' })).toBe(false);
    expect(redactText('port 4242')).toBe('port 4242');
    expect(holdsSensitive({ content: 'nothing here' })).toBe(false);
  });

  it('redacts every string of an event and leaves other values alone', () => {
    sensitive('topsecretvalue');
    const event = { kind: 'task-finished', durationMs: 5, result: { message: 'wrote topsecretvalue', diff: { unified: '+topsecretvalue\n' }, changed: true } };
    expect(redactDeep(event)).toEqual({ kind: 'task-finished', durationMs: 5, result: { message: `wrote ${REDACTED}`, diff: { unified: `+${REDACTED}\n` }, changed: true } });
  });

  it('changes nothing while no value is registered', () => {
    const event = { message: 'plain' };
    expect(redactDeep(event)).toBe(event);
  });
});
