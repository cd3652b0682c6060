// The physical limit for the no-change run on the same hosts: one SSH handshake per host, one
// root shell (one sudo), then the workload's 30 checks as 30 round trips in a row, one per task on
// the critical path, with nothing on the host but the check itself — or, as a floor below
// corectl's one-round-trip-per-task model, all 30 checks in a single round trip.
import type ssh2 from 'ssh2';
import { quote } from '../src/connection/shell-quote.ts';
import { connect, exec, type BenchHost, type Login } from './remote.ts';

const BASE = '/opt/bench';
const FILES = Array.from({ length: 12 }, (_, i) => i + 1);

/** What each of the 30 tasks has to look at on the host to know it is in sync. */
export const CHECKS: string[] = [
  ...[BASE, `${BASE}/conf`, `${BASE}/data`, `${BASE}/log`].map((dir) => `stat -c '%a %U %G' ${dir}`),
  ...FILES.map((i) => `sha256sum ${BASE}/conf/file${i}.conf && stat -c '%a %U %G' ${BASE}/conf/file${i}.conf`),
  `sha256sum ${BASE}/conf/app.ini`,
  `sha256sum ${BASE}/conf/limits.conf`,
  ...['alpha = 1', 'beta = 2', 'gamma = 3'].map((line) => `grep -n -- '${line.split(' ')[0]} =' ${BASE}/conf/settings.conf`),
  'sha256sum /etc/systemd/system/bench-app.service',
  'systemctl is-enabled bench-app.service; systemctl is-active bench-app.service',
  ...['net/ipv4/tcp_keepalive_time', 'net/ipv4/tcp_fin_timeout', 'net/core/somaxconn'].map((key) => `cat /proc/sys/${key}`),
  `test -e ${BASE}/data/initialized`,
  `test -e ${BASE}/data/seed`,
  `readlink ${BASE}/current`,
  `grep -c BEGIN ${BASE}/conf/hosts.conf`,
];

export async function physicalLimit(hosts: BenchHost[], login: Login, mode: 'per-task' | 'one-script'): Promise<number> {
  const started = performance.now();
  await Promise.all(
    hosts.map(async (host) => {
      const client = await connect(host, login);
      try {
        if (mode === 'one-script') await exec(client, `sudo -n sh -c ${quote(CHECKS.join('\n'))}`);
        else await checksInOneShell(client);
      } finally {
        client.end();
      }
    }),
  );
  return performance.now() - started;
}

/** One root shell that evaluates a line per round trip and answers when it is done. */
function checksInOneShell(client: ssh2.Client): Promise<void> {
  const shell = `while IFS= read -r line; do eval "$line" >/dev/null 2>&1; echo "@done $?"; done`;
  return new Promise((resolve, reject) => {
    client.exec(`sudo -n sh -c ${quote(shell)}`, (error, channel) => {
      if (error) return reject(error);
      let next = 0;
      let received = '';
      const send = () => channel.write(`${CHECKS[next]}\n`);
      channel.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        while (received.includes('\n')) {
          received = received.slice(received.indexOf('\n') + 1);
          if (++next === CHECKS.length) {
            channel.end();
            return resolve();
          }
          send();
        }
      });
      channel.on('close', () => (next < CHECKS.length ? reject(new Error('the shell ended early')) : undefined));
      send();
    });
  });
}
