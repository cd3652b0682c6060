// secretFile's options and the boot unit it writes: only files under /run, in names a unit file
// can hold; the unit writes the file back early at boot from the encrypted credential.
import { describe, expect, it } from 'vitest';
import { secretFile } from '../../../modules/index.ts';
import { secretFileName, secretFileUnit } from '../../../modules/secret-file.ts';

const problems = (options: Record<string, unknown>) => {
  const result = secretFile({} as never).definition.schema.safeParse(options);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('secretFile', () => {
  it('takes only a file under /run, with names a unit file can hold', () => {
    expect(problems({ path: '/run/secrets/token', content: 'x' })).toEqual([]);
    expect(problems({ path: '/etc/token', content: 'x' })).toEqual(['path: must be a file under /run/ (a tmpfs): a secret file never goes to a disk']);
    expect(problems({ path: '/run/secrets/', content: 'x' })).toEqual(['path: must be a file under /run/ (a tmpfs): a secret file never goes to a disk']);
    expect(problems({ path: '/run/../etc/token', content: 'x' })[0]).toContain('".."');
    expect(problems({ path: '/run/my token', content: 'x' })).toEqual(['path: may hold only letters, digits and "._@+:-/" (it is written into a unit file)']);
    expect(problems({ path: '/run/a%n', content: 'x' })).toHaveLength(1);
    expect(problems({ path: '/run/t', content: 'x', mode: 'u=r' })).toEqual(["mode: must be an octal mode such as '0400'"]);
    expect(problems({ path: '/run/t', content: 'x', owner: '-o' })).toHaveLength(1);
    expect(problems({ path: '/run/t' })).toEqual(['content: a present secret file needs content']);
    expect(problems({ path: '/run/t', state: 'absent' })).toEqual([]);
  });

  it('names one credential and unit per path, and its unit writes the file before ordinary services start', () => {
    expect(secretFileName('/run/a')).toMatch(/^corectl-secret-[0-9a-f]{16}$/);
    expect(secretFileName('/run/a')).toBe(secretFileName('/run/a'));
    expect(secretFileName('/run/a')).not.toBe(secretFileName('/run/b'));
    const given = { path: '/run/secrets/app/token', content: 'x', owner: 'app', mode: '440' };
    const options = secretFile(given).definition.schema.parse(given) as Parameters<typeof secretFileUnit>[0];
    const unit = secretFileUnit(options);
    const name = secretFileName('/run/secrets/app/token');
    expect(unit).toContain(`LoadCredentialEncrypted=${name}:/etc/credstore.encrypted/${name}\n`);
    expect(unit).toContain(`ExecStart=install -D -m 0440 -o app -g root %d/${name} /run/secrets/app/token\n`);
    expect(unit).toContain('Before=sysinit.target');
    expect(unit).toContain('WantedBy=sysinit.target');
    expect(unit).not.toContain('x\n');
  });

  it('is sensitive and has no first-boot form', () => {
    const call = secretFile({ path: '/run/t', content: 'x' });
    expect(call.definition.sensitive?.(call.definition.schema.parse(call.options))).toBe(true);
    expect(call.definition.ignition?.(call.definition.schema.parse(call.options), { context: {} as never })).toMatchObject({ leftToRun: expect.stringContaining('plain text') });
  });
});
