// Reads what a module's script printed: `@corectl:NONCE` directive lines, everything else is output.
// Directives: `changed`, `msg TEXT`, `before TEXT`, `after TEXT`, `diff-begin`/`diff-end` around a
// unified diff, `data KEY VALUE`, `reboot-required REASON`, `rebooting SECONDS BOOT_ID`, `need-stdin`,
// `planned KIND:VALUE`.
import type { ModuleOutput } from './module-types.ts';

export function parseModuleOutput(stdout: string, stderr: string, exitCode: number | null, nonce: string): ModuleOutput {
  const DIRECTIVE = `@corectl:${nonce} `;
  const diffEnd = `${DIRECTIVE}diff-end`;
  const output: ModuleOutput = { exitCode, changed: false, messages: [], diff: {}, data: {}, stdout: '', stderr };
  const plain: string[] = [];
  let diffLines: string[] | undefined;
  for (const line of stdout.split('\n')) {
    if (diffLines && line !== diffEnd) {
      diffLines.push(line);
      continue;
    }
    if (!line.startsWith(DIRECTIVE)) {
      plain.push(line);
      continue;
    }
    const body = line.slice(DIRECTIVE.length);
    const space = body.indexOf(' ');
    const verb = space < 0 ? body : body.slice(0, space);
    const rest = space < 0 ? '' : body.slice(space + 1);
    if (verb === 'changed') output.changed = true;
    else if (verb === 'msg') output.messages.push(rest);
    else if (verb === 'before') output.diff.before = joinLine(output.diff.before, rest);
    else if (verb === 'after') output.diff.after = joinLine(output.diff.after, rest);
    else if (verb === 'diff-begin') diffLines = [];
    else if (verb === 'diff-end' && diffLines) {
      output.diff.unified = (output.diff.unified ?? '') + diffLines.join('\n') + '\n';
      diffLines = undefined;
    } else if (verb === 'data') {
      const [key, ...value] = rest.split(' ');
      if (key) output.data[key] = value.join(' ');
    } else if (verb === 'need-stdin') output.needsStdin = true;
    else if (verb === 'planned') (output.planned ??= []).push(rest);
    else if (verb === 'reboot-required') output.rebootRequired = rest || 'a change needs a reboot';
    else if (verb === 'rebooting') {
      const [seconds, bootId] = rest.split(' ');
      if (Number(seconds) > 0 && bootId) output.rebooting = { timeoutSeconds: Number(seconds), bootId };
    }
    else plain.push(line);
  }
  output.stdout = plain.join('\n');
  return output;
}

function joinLine(previous: string | undefined, line: string): string {
  return previous === undefined ? line : `${previous}\n${line}`;
}
