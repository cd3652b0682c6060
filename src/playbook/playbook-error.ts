// A playbook that cannot be loaded or run as written: reported with its file and line, exit code 4.
export class PlaybookError extends Error {
  override readonly name = 'PlaybookError';
}
