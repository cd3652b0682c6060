// `corectl secrets encrypt|decrypt|edit|keygen`: YAML files of secret values, encrypted at rest in
// the age format (readable by the `age` CLI and any age implementation).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { isAgeFile, isPassphraseFile, type AgeTarget } from '../secrets/age-file.ts';
import { defaultIdentityFile, findPassphrase, findRecipients, RECIPIENTS_FILE_NAME } from '../secrets/age-keys.ts';
import { SecretsError } from '../secrets/secrets-error.ts';
import { openSecretsFile, parseSecrets, readBytes, writeAtomically, writeEncrypted } from '../secrets/secrets-file.ts';
import { z } from 'zod';
import { decryptVaultBytes, encryptVault, isVaultText, VaultError, type VaultSecret } from '../secrets/ansible-vault.ts';
import { loadVaultSecrets, vaultOptionSpec } from '../secrets/vault-secrets.ts';
import { loadAnsibleConfig } from '../ansible-config/ansible-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { COMMAND_HELP } from './help-text.ts';
import { UsageError } from '../errors/usage-error.ts';

const USAGE = COMMAND_HELP.secrets!.trimEnd();

export const secretsOptionSpec = {
  output: { type: 'string', short: 'o' },
  recipient: { type: 'string', short: 'r', multiple: true, default: [] as string[] },
  'recipients-file': { type: 'string', short: 'R', multiple: true, default: [] as string[] },
  identity: { type: 'string', short: 'i', multiple: true, default: [] as string[] },
  ...vaultOptionSpec,
} as const;

/** A secrets file is a YAML mapping of names to values. */
const secretsShape = z.record(z.string(), z.unknown());

export async function secretsCommand(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: secretsOptionSpec,
  });
  try {
    if (action === 'keygen') return await keygen(values.output ?? defaultIdentityFile(), out);
    const vaultChosen = values['vault-password-file'] !== undefined || values['vault-id'] !== undefined || values['ask-vault-pass'] === true;
    if (vaultChosen || action === 'encrypt-string') {
      const secrets = await loadVaultSecrets(values, vaultChosen ? {} : process.env);
      if (action === 'encrypt-string' && positionals.length === 1) return await vaultEncryptString(positionals[0]!, secrets, out);
      if (action === 'encrypt' && positionals.length === 1) return await vaultEncrypt(positionals[0]!, values.output ?? positionals[0]!, secrets, out);
      if (action === 'decrypt' && positionals.length === 1) return await vaultDecrypt(positionals[0]!, values.output, secrets, out);
      throw new UsageError(USAGE);
    }
    const file = positionals.length === 1 ? positionals[0]! : undefined;
    // A Vault file to decrypt takes the passwords ansible-vault would: ANSIBLE_VAULT_PASSWORD_FILE,
    // ansible.cfg's vault_password_file and vault_identity_list.
    const vaultText = action === 'decrypt' && file ? (await readBytes(file)).toString('latin1') : undefined;
    if (file && vaultText !== undefined && isVaultText(vaultText)) {
      const config = loadAnsibleConfig();
      const secrets = await loadVaultSecrets(values, process.env, { files: config.vaultPasswordFiles, ids: config.vaultIds });
      return await vaultDecrypt(file, values.output, secrets, out, vaultText);
    }
    if (!file || !['encrypt', 'decrypt', 'edit'].includes(action ?? '')) throw new UsageError(action && !['encrypt', 'decrypt', 'edit'].includes(action) ? `unknown action "${action}"\n${USAGE}` : USAGE);
    if (action === 'encrypt') return await encrypt(file, values.output ?? file, values.recipient, values['recipients-file'], out);
    if (action === 'decrypt') return await decrypt(file, values.output, values.identity, out);
    return await edit(file, values.recipient, values['recipients-file'], values.identity, out);
  } catch (error) {
    if (error instanceof SecretsError) throw new UsageError(error.message, { hint: error.hint, cause: error });
    throw error;
  }
}

async function encrypt(file: string, output: string, recipients: string[], recipientFiles: string[], out: NodeJS.WritableStream): Promise<number> {
  const bytes = await readBytes(file);
  if (isAgeFile(bytes)) throw new SecretsError(`${file} is already encrypted`);
  const text = bytes.toString('utf8');
  try {
    parseSecrets(file, text, secretsShape);
  } catch (error) {
    if (!(error instanceof SecretsError)) throw error;
    throw new SecretsError(error.message, { hint: "corectl's secrets files are YAML mappings of values; any other file (a key, a certificate, a binary) is encrypted as ansible-vault does it: add --vault-password-file FILE" });
  }
  const target = await encryptionTarget(output, recipients, recipientFiles);
  await writeEncrypted(output, text, target.target);
  out.write(`${output}: encrypted ${target.description}\n`);
  return ExitCode.ok;
}

/** The one vault password to encrypt with: Ansible asks for --encrypt-vault-id when there are several. */
function encryptingSecret(secrets: VaultSecret[]): VaultSecret {
  if (secrets.length === 0) throw new SecretsError('give the vault password with --vault-password-file FILE, --vault-id LABEL@FILE or --ask-vault-pass');
  if (secrets.length > 1) throw new SecretsError('several vault passwords given: encrypting takes exactly one');
  return secrets[0]!;
}

// Any file, byte for byte, as ansible-vault encrypts it (a key, a certificate, a binary).
async function vaultEncrypt(file: string, output: string, secrets: VaultSecret[], out: NodeJS.WritableStream): Promise<number> {
  const bytes = await readBytes(file);
  if (isVaultText(bytes.toString('latin1'))) throw new SecretsError(`${file} is already encrypted with Ansible Vault`);
  const secret = encryptingSecret(secrets);
  await writeAtomically(output, encryptVault(bytes, secret), 0o600);
  out.write(`${output}: encrypted with Ansible Vault${secret.label ? ` (vault id ${secret.label})` : ''}\n`);
  return ExitCode.ok;
}

async function vaultEncryptString(name: string, secrets: VaultSecret[], out: NodeJS.WritableStream): Promise<number> {
  const secret = encryptingSecret(secrets);
  // The value comes on stdin (a trailing newline is the terminal's, not the value's): never an argument, where `ps` would show it.
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const value = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (value === '') throw new SecretsError('no value on stdin to encrypt');
  const lines = encryptVault(value, secret).trimEnd().split('\n');
  out.write(`${name}: !vault |\n${lines.map((line) => `          ${line}`).join('\n')}\n`);
  return ExitCode.ok;
}

// The plaintext's own bytes, whatever they are: decoding them as UTF-8 would replace what is not
// (and with -o onto the vault file itself, lose the original for good).
async function vaultDecrypt(file: string, output: string | undefined, secrets: VaultSecret[], out: NodeJS.WritableStream, read?: string): Promise<number> {
  const text = read ?? (await readBytes(file)).toString('latin1');
  if (!isVaultText(text)) throw new SecretsError(`${file} is not encrypted with Ansible Vault`);
  let plain: Buffer;
  try {
    plain = decryptVaultBytes(text, secrets, file);
  } catch (error) {
    if (error instanceof VaultError) throw new SecretsError(error.message);
    throw error;
  }
  if (output === undefined || output === '-') out.write(plain);
  else await writeAtomically(output, plain, 0o600);
  return ExitCode.ok;
}

async function decrypt(file: string, output: string | undefined, identities: string[], out: NodeJS.WritableStream): Promise<number> {
  const { text } = await openSecretsFile(file, identities);
  if (output === undefined || output === '-') out.write(text);
  else await writeAtomically(output, text, 0o600);
  return ExitCode.ok;
}

/**
 * Decrypts into a private directory (on tmpfs where there is one), opens $VISUAL/$EDITOR, checks
 * the YAML, and encrypts the result back in place. A file that does not exist yet is created.
 */
async function edit(file: string, recipients: string[], recipientFiles: string[], identities: string[], out: NodeJS.WritableStream): Promise<number> {
  const exists = existsSync(file);
  const opened = exists ? await openSecretsFile(file, identities) : { text: '# name: value\n' };
  const wasPassphrase = exists && (await isPassphraseFile(await readBytes(file)));
  const dir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'corectl-secrets-'));
  const scratch = join(dir, file.replace(/^.*\//, '').replace(/\.age$/, '') || 'secrets.yaml');
  try {
    await writeFile(scratch, opened.text, { mode: 0o600 });
    let text: string;
    for (;;) {
      runEditor(scratch);
      text = await readFile(scratch, 'utf8');
      try {
        parseSecrets(file, text, secretsShape);
        break;
      } catch (error) {
        if (!(error instanceof SecretsError) || !(await askToRetry(error.message))) throw error;
      }
    }
    if (exists && text === opened.text) {
      out.write(`${file}: no changes\n`);
      return ExitCode.ok;
    }
    const target = wasPassphrase && recipients.length === 0 && recipientFiles.length === 0 && opened.passphrase
      ? { target: { passphrase: opened.passphrase }, description: 'with the same passphrase' }
      : await encryptionTarget(file, recipients, recipientFiles, exists && !wasPassphrase);
    await writeEncrypted(file, text, target.target);
    out.write(`${file}: saved, encrypted ${target.description}\n`);
    return ExitCode.ok;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function keygen(file: string, out: NodeJS.WritableStream): Promise<number> {
  if (existsSync(file)) throw new SecretsError(`${file} already exists; not overwriting an identity`);
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `# created: ${new Date().toISOString()}\n# public key: ${recipient}\n${identity}\n`, { mode: 0o600, flag: 'wx' });
  out.write(`${recipient}\n`);
  process.stderr.write(`identity written to ${file}; share the public key above (add it to ${RECIPIENTS_FILE_NAME})\n`);
  return ExitCode.ok;
}

async function encryptionTarget(file: string, recipients: string[], recipientFiles: string[], needRecipients = false): Promise<{ target: AgeTarget; description: string }> {
  const found = await findRecipients(file, recipients, recipientFiles);
  if (found.recipients.length > 0) return { target: { recipients: found.recipients }, description: `to ${found.recipients.length} recipient(s) from ${found.from}` };
  // An age file does not name its recipients: re-encrypting one needs them said again.
  if (needRecipients) throw new SecretsError(`${file} is encrypted to recipients, which an age file does not name: pass -r/-R or create ${RECIPIENTS_FILE_NAME} beside it; nothing was written`);
  return { target: { passphrase: await findPassphrase(file, true) }, description: 'with a passphrase' };
}

function runEditor(file: string): void {
  const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
  // Through a shell, as git does, so EDITOR may carry arguments ("code --wait"); the file name
  // is passed as $1, never pasted into the command.
  const result = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'editor', file], { stdio: 'inherit' });
  if (result.error || result.status !== 0) throw new SecretsError(`the editor (${editor}) failed${result.status ? ` with exit code ${result.status}` : ''}; nothing was saved`);
}

async function askToRetry(problem: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  process.stderr.write(`${problem}\n`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question('Edit again? [Y/n] (no drops the changes) ');
    return !/^n/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
