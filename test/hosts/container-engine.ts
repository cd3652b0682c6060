// A Docker-compatible engine for tests that build and run corectl's own image: Debian's podman,
// its API served on a socket of our own (`podman system service`) for testcontainers.
//
// Two settings of this machine's kind, kept in a containers.conf of ours rather than the
// machine's: CAP_SYS_RESOURCE is withheld, so podman may not raise rlimits (its defaults for root
// are far above ours) and crun refuses the hybrid cgroup hierarchy — runc on cgroupfs works. Every
// container, build steps included, shares the machine's network namespace: podman then creates
// no bridge, no CNI network and no firewall rules to clean up, and builds reach the npm registry
// exactly as the machine does.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CACHE_DIR } from './rootfs.ts';
import { run } from './run-command.ts';

export interface ContainerEngine {
  /** For testcontainers: `unix://...`. */
  dockerHost: string;
  /** Environment for the podman CLI, so it uses the same settings as the service. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Runs podman's CLI with the engine's settings. */
export function podman(engine: ContainerEngine, args: string[], options: { input?: string } = {}): Promise<string> {
  return run('podman', args, { ...options, env: engine.env });
}

export async function startContainerEngine(): Promise<ContainerEngine> {
  const dir = join(CACHE_DIR, 'podman');
  await mkdir(dir, { recursive: true });
  const conf = join(dir, 'containers.conf');
  await writeFile(conf, await containersConf());
  const socket = join(dir, `podman-${process.pid}.sock`);
  const env = { ...process.env, CONTAINERS_CONF: conf };
  const service = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  service.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (let waited = 0; !existsSync(socket); waited += 100) {
    if (service.exitCode !== null || waited > 30_000) {
      service.kill();
      throw new Error(`podman system service did not start: ${stderr.trim() || 'no socket after 30 s'}`);
    }
    await sleep(100);
  }
  return { dockerHost: `unix://${socket}`, env, stop: () => stopService(service) };
}

async function containersConf(): Promise<string> {
  // The hard limits this process has are the most a container may get; nproc stays well below
  // them (runc's setrlimit for nproc is refused near the machine's limit).
  const limits = await run('sh', ['-c', 'echo "$(ulimit -Sn) $(ulimit -Hn)"']);
  const [soft, hard] = limits.trim().split(' ');
  return [
    '[containers]',
    `default_ulimits = ["nofile=${soft}:${hard}", "nproc=4096:4096"]`,
    'netns = "host"',
    '[engine]',
    'runtime = "runc"',
    'cgroup_manager = "cgroupfs"',
    '',
  ].join('\n');
}

async function stopService(service: ChildProcess): Promise<void> {
  if (service.exitCode !== null) return;
  const exited = new Promise((done) => service.once('exit', done));
  service.kill('SIGTERM');
  await exited;
}
