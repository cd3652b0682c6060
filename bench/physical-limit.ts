// The physical limit for the no-change run on the same hosts: one SSH handshake per host, then
// the workload's 30 checks as 30 round trips in a row (one per task on the critical path, as
// root through sudo like every variant) — or, as a floor, all 30 checks in one round trip.
import { connect, exec, shellQuote, type BenchHost, type Login } from './remote.ts';

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
        if (mode === 'one-script') await exec(client, `sudo -n sh -c ${shellQuote(CHECKS.join('\n'))}`);
        else for (const check of CHECKS) await exec(client, `sudo -n sh -c ${shellQuote(check)}`);
      } finally {
        client.end();
      }
    }),
  );
  return performance.now() - started;
}
