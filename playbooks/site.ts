// The example site: time sync with chrony, a site service, kernel settings and an admin account
// on every host. Run it with `corectl run playbooks/site.ts` (or `npm run demo` for local
// sandbox hosts); check for drift with `corectl check playbooks/site.ts`.
import { playbook, z, type TaskContext } from 'corectl';
import { directory, file, sysctl, systemd, template, user } from 'corectl/modules';

const siteVars = z.object({
  site: z.string().default('lab'),
  ntp_servers: z.array(z.string()).min(1).default(['time1.example.net', 'time2.example.net']),
  admin_keys: z.array(z.string()).default(['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ3vQh7r1mJdVZ2y2Wc0bE4o0kJ7z1o9M5b3c2f1a0Q9 ops@example.net']),
});
type SiteVars = z.infer<typeof siteVars>;
type Context = TaskContext<SiteVars>;

/** Fedora CoreOS keeps chrony's config in /etc; Debian-based test hosts in /etc/chrony. */
const chronyConfPath = ({ facts }: Context) => (facts.os.id === 'fedora' ? '/etc/chrony.conf' : '/etc/chrony/chrony.conf');

function chronyConf({ vars }: Context): string {
  return [
    `# Managed by corectl for site ${vars.site}`,
    ...vars.ntp_servers.map((server) => `server ${server} iburst`),
    'driftfile /var/lib/chrony/drift',
    'makestep 1.0 3',
    'rtcsync',
    '',
  ].join('\n');
}

const HEARTBEAT_UNIT = `[Unit]
Description=Site heartbeat: records that this host is alive
After=network-online.target

[Service]
# The trap and the backgrounded sleep let the service stop at once instead of after the sleep.
ExecStart=/bin/sh -c 'trap "exit 0" TERM; while :; do date -u +%%FT%%TZ > /run/site-heartbeat; sleep 30 & wait $!; done'
Restart=always

[Install]
WantedBy=multi-user.target
`;

export default playbook((pb) => {
  pb.play('Base system', { hosts: 'all', become: true, vars: siteVars }, (play) => {
    const restartChrony = play.handler('restart chronyd', systemd({ unit: 'chronyd.service', state: 'restarted' }));

    play.task('chrony configuration', template<SiteVars>((ctx) => ({ path: chronyConfPath(ctx), template: chronyConf })), { notify: [restartChrony], tags: ['ntp'] });
    play.task('chronyd running', systemd({ unit: 'chronyd.service', enabled: true, state: 'started' }), { tags: ['ntp'] });

    play.task('site directory', directory({ path: '/etc/site', mode: '0755' }));
    play.task('site description', file<SiteVars>(({ vars, host }) => ({ path: '/etc/site/host.conf', content: `site=${vars.site}\nhost=${host}\n` })));
    play.task('heartbeat service', systemd({ unit: 'site-heartbeat.service', content: HEARTBEAT_UNIT, enabled: true, state: 'started' }));

    play.task('forward IPv4 (containers, CoreDNS)', sysctl({ name: 'net.ipv4.ip_forward', value: 1 }), { tags: ['sysctl'] });
    play.task('larger listen backlog', sysctl({ name: 'net.core.somaxconn', value: 4096 }), { tags: ['sysctl'] });

    play.task('admin account', user<SiteVars>(({ vars, facts }) => ({
      name: 'ops',
      groups: [facts.os.id === 'fedora' ? 'wheel' : 'sudo'],
      shell: '/bin/bash',
      authorizedKeys: vars.admin_keys,
    })));
  });
});
