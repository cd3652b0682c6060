// Where in a playbook a task was declared, so that an error can name the file and line.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the DSL's code lives: src/playbook/ when run from source, dist/ (all of the engine, in
 * chunks) when run from the build.
 */
const DSL_DIR = `${dirname(fileURLToPath(import.meta.url))}/`;

export interface CallSite {
  file: string;
  line: number;
  column: number;
}

/** The first stack frame outside corectl's own playbook DSL (source maps lead it to the .ts source). */
export function callerSite(): CallSite | undefined {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  for (const frame of frames) {
    const match = /\(?((?:file:\/\/)?[^()\s?]+)(?:\?[^:\s]*)?:(\d+):(\d+)\)?$/.exec(frame.trim());
    if (!match) continue;
    // A query (vitest's, tsx's) is not part of the file's name.
    const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
    if (file.startsWith(DSL_DIR) || file.startsWith('node:') || file.includes('/node_modules/')) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

export function formatCallSite(site: CallSite | undefined): string {
  return site ? `${site.file}:${site.line}:${site.column}` : '<unknown location>';
}
