// A secrets file that cannot be read, decrypted or parsed, or keys that cannot be found. The
// message names the file and what to do; it never holds a secret value.
export class SecretsError extends Error {
  override readonly name = 'SecretsError';
}
