// Client credentials: private key files (decrypted with a passphrase from the environment or a
// prompt) and the ssh-agent. Keys are parsed once per run, however many hosts use them.
import { access, readFile } from 'node:fs/promises';
import ssh2, { type AnyAuthMethod, type ParsedKey } from 'ssh2';
import { CredentialError } from './errors.ts';
import { expandHome } from './ssh-config.ts';
import { promptSecret } from './prompt-secret.ts';
import { readFailureReason } from './read-failure.ts';

/** Environment variable holding the passphrase of encrypted private keys. */
export const KEY_PASSPHRASE_ENV = 'CORECTL_SSH_KEY_PASSPHRASE';

const DEFAULT_IDENTITY_FILES = ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa'];

// ssh2 is CommonJS: its named exports are reached through the default export under ESM.
const { utils } = ssh2;

const parsedKeys = new Map<string, Promise<ParsedKey>>();

/** Reads and, if needed, decrypts one private key file. */
export function loadPrivateKey(file: string): Promise<ParsedKey> {
  const path = expandHome(file);
  let parsed = parsedKeys.get(path);
  if (!parsed) {
    parsed = parsePrivateKeyFile(path);
    parsedKeys.set(path, parsed);
  }
  return parsed;
}

async function parsePrivateKeyFile(path: string): Promise<ParsedKey> {
  const data = await readFile(path).catch((cause: unknown) => {
    throw new CredentialError(`cannot read SSH private key ${path}: ${readFailureReason(path, cause)}`, { cause });
  });
  const plain = utils.parseKey(data);
  if (!(plain instanceof Error)) return firstKey(plain);
  if (!/encrypted|passphrase/i.test(plain.message)) {
    throw new CredentialError(`${path} is not a private key ssh2 can read: ${plain.message}`);
  }
  const passphrase =
    process.env[KEY_PASSPHRASE_ENV] ?? (await promptSecret(`Passphrase for ${path}: `));
  if (passphrase === undefined) {
    throw new CredentialError(
      `${path} is encrypted: set ${KEY_PASSPHRASE_ENV} or run corectl from a terminal to be asked`,
    );
  }
  const decrypted = utils.parseKey(data, passphrase);
  if (decrypted instanceof Error) throw new CredentialError(`wrong passphrase for ${path}`);
  return firstKey(decrypted);
}

function firstKey(key: ParsedKey | ParsedKey[]): ParsedKey {
  return Array.isArray(key) ? key[0]! : key;
}

/**
 * The ordered authentication attempts for a user: the named key files (or OpenSSH's default
 * ones that exist), then the agent when SSH_AUTH_SOCK is set.
 */
export async function authMethods(username: string, identityFiles: readonly string[], identityOrigin?: string, who = username): Promise<AnyAuthMethod[]> {
  const files = identityFiles.length > 0 ? identityFiles : await existingFiles(DEFAULT_IDENTITY_FILES);
  const methods: AnyAuthMethod[] = [];
  for (const file of files) {
    const key = await loadPrivateKey(file).catch((error: unknown) => {
      // Say where the inventory named it: a relative path is resolved from where corectl runs.
      throw error instanceof CredentialError && identityOrigin ? new CredentialError(`${error.message} (named at ${identityOrigin})`, { cause: error }) : error;
    });
    methods.push({ type: 'publickey', username, key });
  }
  const agent = process.env.SSH_AUTH_SOCK;
  if (agent) methods.push({ type: 'agent', username, agent });
  if (methods.length === 0) {
    throw new CredentialError(
      `no SSH credentials for ${who}: name an identityFile in the inventory, create ~/.ssh/id_ed25519, or start ssh-agent`,
    );
  }
  return methods;
}

async function existingFiles(files: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    const path = expandHome(file);
    if (await access(path).then(() => true, () => false)) found.push(path);
  }
  return found;
}
