// Playbooks import `corectl`, which resolves to the built engine in dist/: build it (when a source
// is newer) before any test loads a playbook, once, instead of racing CLI runs doing it in parallel.
import { ensureEngine } from '../bin/engine-build.js';

export default async function setup(): Promise<void> {
  await ensureEngine();
}
