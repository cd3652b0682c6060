// `corectl secrets`: age files written by corectl, read back, edited, and exchanged with the real
// `age` CLI in both directions (passphrase and X25519 recipients).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretsCommand } from '../../../src/cli/secrets-command.ts';
import { UsageError } from '../../../src/errors/usage-error.ts';
import { loadSecrets } from '../../../src/playbook/load-secrets.ts';
import { clearSensitiveValues, redactText } from '../../../src/secrets/sensitive-values.ts';
import { z } from 'zod';

const ENV_KEYS = ['CORECTL_SECRETS_IDENTITY', 'CORECTL_SECRETS_KEY', 'CORECTL_SECRETS_PASSPHRASE', 'XDG_CONFIG_HOME', 'EDITOR', 'VISUAL'];
let dir: string;
let saved: Record<string, string | undefined>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'corectl-secrets-test-'));
  saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
});
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key]; else process.env[key] = value;
  clearSensitiveValues();
});

async function secrets(...argv: string[]): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += chunk));
  await secretsCommand(argv, out);
  return text;
}

async function keygen(name: string): Promise<{ identity: string; recipient: string }> {
  const identity = join(dir, name);
  const recipient = (await secrets('keygen', '-o', identity)).trim();
  return { identity, recipient };
}

const ageCli = spawnSync('age', ['--version']).status === 0;
if (!ageCli && process.env.CI === 'true') throw new Error('the age CLI is missing: .ci/setup installs it');

describe('corectl secrets', () => {
  it('encrypts in place to recipients, decrypts to stdout, and refuses to encrypt twice', async () => {
    const alice = await keygen('alice.txt');
    const bob = await keygen('bob.txt');
    expect(alice.recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(readFileSync(alice.identity, 'utf8')).toContain(`# public key: ${alice.recipient}`);
    const file = join(dir, 'site.yaml');
    writeFileSync(file, 'dbPassword: "correct horse"\n');
    await secrets('encrypt', file, '-r', alice.recipient, '-r', bob.recipient);
    const encrypted = readFileSync(file, 'utf8');
    expect(encrypted).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
    expect(encrypted).not.toContain('correct horse');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    for (const who of [alice, bob]) expect(await secrets('decrypt', file, '-i', who.identity)).toBe('dbPassword: "correct horse"\n');
    await expect(secrets('encrypt', file, '-r', alice.recipient)).rejects.toThrow(/already encrypted/);
  });

  it('takes recipients from the nearest .age-recipients and identities from the environment', async () => {
    const alice = await keygen('alice.txt');
    writeFileSync(join(dir, '.age-recipients'), `# the ops team\n${alice.recipient}\n`);
    const file = join(dir, 'sub', 'app.yaml');
    execFileSync('mkdir', ['-p', join(dir, 'sub')]);
    writeFileSync(file, 'token: abc123\n');
    expect(await secrets('encrypt', file)).toContain(`from ${join(dir, '.age-recipients')}`);
    process.env.CORECTL_SECRETS_IDENTITY = alice.identity;
    expect(await secrets('decrypt', file)).toBe('token: abc123\n');
    delete process.env.CORECTL_SECRETS_IDENTITY;
    process.env.CORECTL_SECRETS_KEY = readFileSync(alice.identity, 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-'))!;
    expect(await secrets('decrypt', file)).toBe('token: abc123\n');
  });

  it('says which key is missing or wrong, without echoing key material', async () => {
    const alice = await keygen('alice.txt');
    const eve = await keygen('eve.txt');
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'a: b\n');
    await secrets('encrypt', file, '-r', alice.recipient);
    await expect(secrets('decrypt', file)).rejects.toThrow(/no age identity to open it with: pass --identity FILE/);
    await expect(secrets('decrypt', file, '-i', eve.identity)).rejects.toThrow(`${file}: none of the identities given can open it`);
    const broken = join(dir, 'broken.txt');
    writeFileSync(broken, 'AGE-SECRET-KEY-1ZZZ\nnot-a-key-line-with-secret\n');
    const error = await secrets('decrypt', file, '-i', broken).catch((e: Error) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`${broken}:2: not an age identity (AGE-SECRET-KEY-1...)`);
  });

  it('checks the YAML before encrypting and names the line', async () => {
    const alice = await keygen('alice.txt');
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'a: 1\nb: [unclosed\n');
    await expect(secrets('encrypt', file, '-r', alice.recipient)).rejects.toThrow(new RegExp(`^${file}:\\d+:\\d+: invalid YAML`));
    expect(readFileSync(file, 'utf8')).toBe('a: 1\nb: [unclosed\n');
  });

  it('uses a passphrase when there are no recipients, and says which variable to set without a terminal', async () => {
    const file = join(dir, 'p.yaml');
    writeFileSync(file, 'x: 1\n');
    await expect(secrets('encrypt', file)).rejects.toThrow(/needs a passphrase: set CORECTL_SECRETS_PASSPHRASE/);
    process.env.CORECTL_SECRETS_PASSPHRASE = 'a long passphrase';
    await secrets('encrypt', file);
    expect(await secrets('decrypt', file)).toBe('x: 1\n');
    process.env.CORECTL_SECRETS_PASSPHRASE = 'another one';
    await expect(secrets('decrypt', file)).rejects.toThrow(`${file}: wrong passphrase`);
  });

  it('edits through $EDITOR, re-encrypts to the same recipients, and keeps the file when the edit is not valid YAML', async () => {
    const alice = await keygen('alice.txt');
    const file = join(dir, 'e.yaml');
    writeFileSync(file, 'old: value\n');
    await secrets('encrypt', file, '-r', alice.recipient);
    const editor = join(dir, 'editor.sh');
    // The editor sees the plaintext in a private temporary file and appends a line.
    writeFileSync(editor, '#!/bin/sh\nstat -c %a "$1" > "$0.mode"\nprintf "new: added\\n" >> "$1"\necho "$1" > "$0.path"\n');
    chmodSync(editor, 0o755);
    process.env.EDITOR = editor;
    process.env.CORECTL_SECRETS_IDENTITY = alice.identity;
    await expect(secrets('edit', file)).rejects.toThrow(/encrypted to recipients, which an age file does not name/);
    writeFileSync(join(dir, '.age-recipients'), `${alice.recipient}\n`);
    expect(await secrets('edit', file)).toContain('saved, encrypted to 1 recipient');
    expect(await secrets('decrypt', file)).toBe('old: value\nnew: added\n');
    expect(readFileSync(`${editor}.mode`, 'utf8').trim()).toBe('600');
    expect(existsSync(readFileSync(`${editor}.path`, 'utf8').trim())).toBe(false);

    writeFileSync(editor, '#!/bin/sh\nprintf "broken: [\\n" >> "$1"\n');
    const before = readFileSync(file, 'utf8');
    await expect(secrets('edit', file)).rejects.toThrow(/invalid YAML/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('loads a secrets file into typed, sensitive playbook values, refusing plain text and naming the field that is wrong', async () => {
    const alice = await keygen('alice.txt');
    process.env.CORECTL_SECRETS_IDENTITY = alice.identity;
    const file = join(dir, 'site.yaml');
    writeFileSync(file, 'dbPassword: Tr0ub4dor&3\nport: 5432\n');
    await expect(loadSecrets(file, z.object({ dbPassword: z.string() }))).rejects.toThrow(/is not encrypted: encrypt it with `corectl secrets encrypt/);
    await secrets('encrypt', file, '-r', alice.recipient);
    const values = await loadSecrets(file, z.object({ dbPassword: z.string(), port: z.number() }));
    expect(values).toEqual({ dbPassword: 'Tr0ub4dor&3', port: 5432 });
    expect(redactText('login with Tr0ub4dor&3 on 5432')).toBe('login with ******** on ********');
    await expect(loadSecrets(file, z.object({ dbPassword: z.number() }))).rejects.toThrow(new RegExp(`^${file}:1:13: dbPassword: Invalid input: expected number`));
  });

  it.skipIf(!ageCli)('interoperates with the age CLI: recipients both ways', async () => {
    execFileSync('age-keygen', ['-o', join(dir, 'cli-key.txt')], { stdio: 'ignore' });
    const cliRecipient = execFileSync('age-keygen', ['-y', join(dir, 'cli-key.txt')], { encoding: 'utf8' }).trim();
    const file = join(dir, 'a.yaml');
    writeFileSync(file, 'from: corectl\n');
    await secrets('encrypt', file, '-r', cliRecipient);
    expect(execFileSync('age', ['-d', '-i', join(dir, 'cli-key.txt'), file], { encoding: 'utf8' })).toBe('from: corectl\n');

    const ours = await keygen('ours.txt');
    writeFileSync(join(dir, 'b.yaml'), 'from: age\n');
    execFileSync('age', ['-r', ours.recipient, '-o', join(dir, 'b.age'), join(dir, 'b.yaml')]);
    expect(await secrets('decrypt', join(dir, 'b.age'), '-i', ours.identity)).toBe('from: age\n');
    execFileSync('age', ['-a', '-r', ours.recipient, '-o', join(dir, 'c.age'), join(dir, 'b.yaml')]);
    expect(await secrets('decrypt', join(dir, 'c.age'), '-i', ours.identity)).toBe('from: age\n');
  });

  it.skipIf(!ageCli)('interoperates with the age CLI: passphrases both ways', async () => {
    // age reads a passphrase only from a terminal: `script` gives it one and types into it.
    const file = join(dir, 'p.yaml');
    writeFileSync(file, 'from: corectl\n');
    process.env.CORECTL_SECRETS_PASSPHRASE = 'shared words here';
    await secrets('encrypt', file);
    const out = join(dir, 'p.out');
    execFileSync('script', ['-qec', `age -d -o ${out} ${file}`, '/dev/null'], { input: 'shared words here\n', stdio: ['pipe', 'ignore', 'ignore'] });
    expect(readFileSync(out, 'utf8')).toBe('from: corectl\n');

    writeFileSync(join(dir, 'q.yaml'), 'from: age\n');
    const encrypted = join(dir, 'q.age');
    execFileSync('script', ['-qec', `age -p -a -o ${encrypted} ${join(dir, 'q.yaml')}`, '/dev/null'], { input: 'shared words here\nshared words here\n', stdio: ['pipe', 'ignore', 'ignore'] });
    expect(await secrets('decrypt', encrypted)).toBe('from: age\n');
  });
});
