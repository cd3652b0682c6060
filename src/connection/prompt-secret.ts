// Asks for a secret on the terminal without echoing it. Returns undefined when there is no
// terminal to ask on (CI, cron), so the caller can explain which variable to set instead.
import { createInterface } from 'node:readline';

export async function promptSecret(question: string): Promise<string | undefined> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Replace readline's echo so typed characters never reach the screen.
  (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text: string) => {
    if (text.includes(question)) process.stderr.write(question);
  };
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    process.stderr.write('\n');
    rl.close();
  }
}
