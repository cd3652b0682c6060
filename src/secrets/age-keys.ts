// Where the keys for secrets files come from, so a laptop, a CI job and a cron job each have a way:
//   opening:    --identity FILE, else $CORECTL_SECRETS_IDENTITY (a file), else $CORECTL_SECRETS_KEY
//               (the AGE-SECRET-KEY-1... itself), else ~/.config/corectl/identity.txt;
//               a passphrase file: $CORECTL_SECRETS_PASSPHRASE, else a prompt on the terminal.
//   encrypting: --recipient age1... / --recipients-file FILE, else the nearest .age-recipients file
//               in the secrets file's directory or above it, else a passphrase.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promptSecret } from '../connection/prompt-secret.ts';
import { SecretsError } from './secrets-error.ts';

export const IDENTITY_FILE_ENV = 'CORECTL_SECRETS_IDENTITY';
export const IDENTITY_KEY_ENV = 'CORECTL_SECRETS_KEY';
export const PASSPHRASE_ENV = 'CORECTL_SECRETS_PASSPHRASE';
export const RECIPIENTS_FILE_NAME = '.age-recipients';

export function defaultIdentityFile(): string {
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'corectl', 'identity.txt');
}

/** The identities to try, from the first source that gives any. */
export async function findIdentities(identityFiles: string[] = []): Promise<{ identities: string[]; from: string }> {
  const files = identityFiles.length > 0 ? identityFiles : process.env[IDENTITY_FILE_ENV] ? [process.env[IDENTITY_FILE_ENV]] : [];
  if (files.length === 0 && process.env[IDENTITY_KEY_ENV]) {
    return { identities: parseKeyLines(process.env[IDENTITY_KEY_ENV], `$${IDENTITY_KEY_ENV}`, 'AGE-SECRET-KEY-'), from: `$${IDENTITY_KEY_ENV}` };
  }
  if (files.length === 0 && existsSync(defaultIdentityFile())) files.push(defaultIdentityFile());
  if (files.length === 0) {
    throw new SecretsError(`no age identity to open it with: pass --identity FILE, set ${IDENTITY_FILE_ENV}=FILE or ${IDENTITY_KEY_ENV}, or create ${defaultIdentityFile()} (corectl secrets keygen)`);
  }
  const identities: string[] = [];
  for (const file of files) identities.push(...parseKeyLines(await readKeyFile(file, 'identity'), file, 'AGE-SECRET-KEY-'));
  return { identities, from: files.join(', ') };
}

export async function findPassphrase(file: string, confirm = false): Promise<string> {
  const fromEnv = process.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const passphrase = await promptSecret(`Passphrase for ${file}: `);
  if (passphrase === undefined) throw new SecretsError(`${file} needs a passphrase: set ${PASSPHRASE_ENV} (no terminal to ask on)`);
  if (passphrase === '') throw new SecretsError(`${file}: an empty passphrase protects nothing`);
  if (confirm && (await promptSecret('Same passphrase again: ')) !== passphrase) throw new SecretsError('the two passphrases differ; nothing was written');
  return passphrase;
}

/** Recipients given on the command line, else those of the nearest .age-recipients; none means a passphrase. */
export async function findRecipients(secretsFile: string, given: string[], files: string[]): Promise<{ recipients: string[]; from?: string }> {
  const recipients = [...given];
  for (const file of files) recipients.push(...parseKeyLines(await readKeyFile(file, 'recipients'), file, 'age1'));
  if (given.length > 0 || files.length > 0) return { recipients, from: 'the command line' };
  for (let dir = dirname(resolve(secretsFile)); ; dir = dirname(dir)) {
    const candidate = join(dir, RECIPIENTS_FILE_NAME);
    if (existsSync(candidate)) return { recipients: parseKeyLines(await readKeyFile(candidate, 'recipients'), candidate, 'age1'), from: candidate };
    if (dirname(dir) === dir) return { recipients: [] };
  }
}

async function readKeyFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new SecretsError(`cannot read the ${what} file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Key files hold one key per line; `#` starts a comment (age-keygen writes its public key as one). */
function parseKeyLines(text: string, source: string, prefix: string): string[] {
  const keys: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    // Never echo the line: in an identity file it is a private key.
    if (!line.startsWith(prefix)) throw new SecretsError(`${source}:${index + 1}: not ${prefix === 'age1' ? 'an age recipient (age1...)' : 'an age identity (AGE-SECRET-KEY-1...)'}`);
    keys.push(line);
  });
  if (keys.length === 0) throw new SecretsError(`${source}: holds no ${prefix === 'age1' ? 'recipients' : 'identities'}`);
  return keys;
}
