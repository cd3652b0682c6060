// The physical limit for the workload on the same hosts, with nothing of corectl's in it:
// - no-change ('per-task'): one SSH handshake per host, one root shell (one sudo), then the
//   workload's 30 checks as 30 round trips in a row, one per task on the critical path;
// - 'one-script': all 30 checks in a single round trip, a floor below one round trip per task;
// - first run ('first-run'): one handshake, one sudo, and one shell script making all 30 changes;
// - 'first-run-safe': the same script writing each file as corectl does, so that a crash leaves
//   the old content or the new one: to a temp file, fsync (sync FILE), rename over (mv).
// Hosts are worked on `concurrency` at a time (corectl's --forks), all at once by default.
import PQueue from 'p-queue';
import type ssh2 from 'ssh2';
import { quote } from '../src/connection/shell-quote.ts';
import { connect, exec, type BenchHost, type Login } from './remote.ts';

const BASE = '/opt/bench';
const FILES = Array.from({ length: 12 }, (_, i) => i + 1);
const UNIT = '/etc/systemd/system/bench-app.service';

export type LimitMode = 'per-task' | 'one-script' | 'first-run' | 'first-run-safe';

export interface LimitOptions {
  concurrency?: number;
  /** Light hosts have no systemd: the unit is written but not started, as the workload does there. */
  light?: boolean;
}

/** What each of the 30 tasks has to look at on the host to know it is in sync. */
export function checks(light = false): string[] {
  return [
    ...[BASE, `${BASE}/conf`, `${BASE}/data`, `${BASE}/log`].map((dir) => `stat -c '%a %U %G' ${dir}`),
    ...FILES.map((i) => `sha256sum ${BASE}/conf/file${i}.conf && stat -c '%a %U %G' ${BASE}/conf/file${i}.conf`),
    `sha256sum ${BASE}/conf/app.ini`,
    `sha256sum ${BASE}/conf/limits.conf`,
    ...['alpha = 1', 'beta = 2', 'gamma = 3'].map((line) => `grep -n -- '${line.split(' ')[0]} =' ${BASE}/conf/settings.conf`),
    `sha256sum ${UNIT}`,
    ...(light ? [] : ['systemctl is-enabled bench-app.service; systemctl is-active bench-app.service']),
    ...['net/ipv4/tcp_keepalive_time', 'net/ipv4/tcp_fin_timeout', 'net/core/somaxconn'].map((key) => `cat /proc/sys/${key}`),
    `test -e ${BASE}/data/initialized`,
    `test -e ${BASE}/data/seed`,
    `readlink ${BASE}/current`,
    `grep -c BEGIN ${BASE}/conf/hosts.conf`,
  ];
}

/** Every change of the first run, as one script: the same end state as the workload, nothing checked first. */
export function changes(host: string, light = false, safe = false): string {
  const put = (path: string, printf: string) => (safe ? `${printf} > ${path}.tmp && sync -- ${path}.tmp && mv -f -- ${path}.tmp ${path}` : `${printf} > ${path}`);
  const files = FILES.map((i) => put(`${BASE}/conf/file${i}.conf`, `printf '# bench file ${i}\\nvalue = ${i * 7}\\n'`));
  return [
    'set -e',
    'umask 022',
    `mkdir -p ${BASE}/conf ${BASE}/data ${BASE}/log`,
    ...files,
    put(`${BASE}/conf/app.ini`, `printf '[app]\\nname = bench\\nhost = %s\\nworkers = 4\\n' ${quote(host)}`),
    put(`${BASE}/conf/limits.conf`, `printf '# limits for %s\\nmax_connections = 256\\ntimeout = 30\\n' ${quote(host)}`),
    put(`${BASE}/conf/settings.conf`, `printf 'alpha = 1\\nbeta = 2\\ngamma = 3\\n'`),
    put(UNIT, `printf '[Unit]\\nDescription=Benchmark app\\n\\n[Service]\\nExecStart=/bin/sleep infinity\\n\\n[Install]\\nWantedBy=multi-user.target\\n'`),
    ...(light ? [] : ['systemctl daemon-reload', 'systemctl enable --now bench-app.service']),
    put('/etc/sysctl.d/90-bench.conf', `printf 'net.ipv4.tcp_keepalive_time = 600\\nnet.ipv4.tcp_fin_timeout = 30\\nnet.core.somaxconn = 1024\\n'`),
    'sysctl -q -p /etc/sysctl.d/90-bench.conf',
    `touch ${BASE}/data/initialized`,
    `date +%s > ${BASE}/data/seed`, // corectl's workload does this with a command, as Ansible's does
    `ln -sfn ${BASE}/conf ${BASE}/current`,
    put(`${BASE}/conf/hosts.conf`, `printf '# BEGIN ANSIBLE MANAGED BLOCK\\nbackend1 192.0.2.1\\nbackend2 192.0.2.2\\n# END ANSIBLE MANAGED BLOCK\\n'`),
  ].join('\n');
}

export async function physicalLimit(hosts: BenchHost[], login: Login, mode: LimitMode, options: LimitOptions = {}): Promise<number> {
  const queue = new PQueue({ concurrency: options.concurrency ?? Infinity });
  const started = performance.now();
  await Promise.all(
    hosts.map((host) => queue.add(async () => {
      const client = await connect(host, login);
      try {
        if (mode === 'per-task') await checksInOneShell(client, checks(options.light));
        else {
          const script = mode === 'one-script' ? checks(options.light).join('\n') : changes(host.name, options.light, mode === 'first-run-safe');
          const { code } = await exec(client, `sudo -n sh -c ${quote(script)}`);
          if (mode !== 'one-script' && code !== 0) throw new Error(`${host.name}: the first-run script exited ${code}`);
        }
      } finally {
        client.end();
      }
    })),
  );
  return performance.now() - started;
}

/** One root shell that evaluates a line per round trip and answers when it is done. */
function checksInOneShell(client: ssh2.Client, lines: string[]): Promise<void> {
  const shell = `while IFS= read -r line; do eval "$line" >/dev/null 2>&1; echo "@done $?"; done`;
  return new Promise((resolve, reject) => {
    client.exec(`sudo -n sh -c ${quote(shell)}`, (error, channel) => {
      if (error) return reject(error);
      let next = 0;
      let received = '';
      const send = () => channel.write(`${lines[next]}\n`);
      channel.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        while (received.includes('\n')) {
          received = received.slice(received.indexOf('\n') + 1);
          if (++next === lines.length) {
            channel.end();
            return resolve();
          }
          send();
        }
      });
      channel.on('close', () => (next < lines.length ? reject(new Error('the shell ended early')) : undefined));
      send();
    });
  });
}
