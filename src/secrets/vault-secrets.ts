// Where Ansible Vault passwords come from, as ansible-core takes them: --vault-password-file FILE,
// --vault-id [LABEL@]FILE|prompt (each may be given several times), ANSIBLE_VAULT_PASSWORD_FILE,
// --ask-vault-pass. A password file that is executable is run and its output is the password
// (a `*-client` script is asked for its label with `--vault-id LABEL`).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { expandHome } from '../connection/ssh-config.ts';
import { promptSecret } from '../connection/prompt-secret.ts';
import { VaultError, type VaultSecret } from './ansible-vault.ts';
import { sensitive } from './sensitive-values.ts';

export const vaultOptionSpec = {
  'vault-password-file': { type: 'string', multiple: true },
  'vault-id': { type: 'string', multiple: true },
  'ask-vault-pass': { type: 'boolean' },
} as const;

export interface VaultOptionValues {
  'vault-password-file'?: string[];
  'vault-id'?: string[];
  'ask-vault-pass'?: boolean;
}

/**
 * `configured`: ansible.cfg's vault_identity_list and vault_password_file (which already include
 * ANSIBLE_VAULT_IDENTITY_LIST and ANSIBLE_VAULT_PASSWORD_FILE); without it the variable is read here.
 */
export async function loadVaultSecrets(values: VaultOptionValues, env: NodeJS.ProcessEnv = process.env, configured?: { files: string[]; ids: string[] }): Promise<VaultSecret[]> {
  const files = configured?.files ?? (env.ANSIBLE_VAULT_PASSWORD_FILE ? [env.ANSIBLE_VAULT_PASSWORD_FILE] : []);
  const ids: { label?: string; source: string }[] = [
    ...[...(configured?.ids ?? []), ...(values['vault-id'] ?? [])].map((id) => {
      const at = id.indexOf('@');
      return at < 0 ? { source: id } : { label: id.slice(0, at), source: id.slice(at + 1) };
    }),
    ...[...(values['vault-password-file'] ?? []), ...files].map((source) => ({ source })),
    ...(values['ask-vault-pass'] ? [{ source: 'prompt' }] : []),
  ];
  const secrets: VaultSecret[] = [];
  for (const { label, source } of ids) {
    const password = source === 'prompt' ? await prompt(label) : readPassword(source, label);
    if (password === '') throw new VaultError(`vault password from ${source} is empty`);
    secrets.push({ label: label === 'default' ? undefined : label, password: sensitive(password), source });
  }
  return secrets;
}

async function prompt(label: string | undefined): Promise<string> {
  const answer = await promptSecret(label ? `Vault password (${label}): ` : 'Vault password: ');
  if (answer === undefined) throw new VaultError('--ask-vault-pass needs a terminal; give --vault-password-file FILE instead');
  return answer;
}

function readPassword(file: string, label: string | undefined): string {
  // Absolute, so that `pass.sh` in the current directory runs, not a `pass.sh` on PATH (or none).
  const path = resolve(expandHome(file));
  try {
    if (isExecutable(path)) {
      const args = /-client(\.[^.]+)?$/.test(basename(path)) && label ? ['--vault-id', label] : [];
      return execFileSync(path, args, { encoding: 'utf8', stdio: ['inherit', 'pipe', 'inherit'] }).trim();
    }
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new VaultError(`vault password file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message.split('\n')[0]}`);
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
