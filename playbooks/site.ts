// The example site: time sync with chrony and the time zone, a site service, kernel settings, SSH
// hardening, the fleet in /etc/hosts and each host's admin accounts (a per-host loop over its
// vars); tcpdump layered with rpm-ostree and a rolling reboot, one host at a time, a failed
// layering cleaned up (a block with rescue); automatic updates in a weekly window where the host
// has Zincati (stat decides); CoreDNS in a quadlet container on the DNS servers, serving a zone
// built from the inventory, and waited for after a restart until it answers (uri); a fleet page
// played from Kubernetes YAML beside it (podman.kube); each host's record kept on the name servers
// (delegated tasks). Run it with `corectl run playbooks/site.ts` (or `npm run demo` for local
// sandbox hosts); check for drift with `corectl check playbooks/site.ts`.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { playbook, z, type TaskContext } from 'corectl';
import { blockInFile, command, copyTree, directory, file, lineInFile, podman, reboot, rpmOstree, stat, sysctl, systemd, template, timezone, uri, user, zincati } from 'corectl/modules';

const siteVars = z.object({
  site: z.string().default('lab'),
  timezone: z.string().default('UTC'),
  ntp_servers: z.array(z.string()).min(1).default(['time1.example.net', 'time2.example.net']),
  admin_keys: z.array(z.string()).default(['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ3vQh7r1mJdVZ2y2Wc0bE4o0kJ7z1o9M5b3c2f1a0Q9 ops@example.net']),
  /** The host's admin accounts (group_vars or host_vars may add to them); keys default to admin_keys. */
  admins: z.array(z.object({ name: z.string(), keys: z.array(z.string()).optional() })).default([{ name: 'ops' }]),
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

// The site's own files, shipped as a tree the way an Ansible role's files/ directory is (the
// trailing slash: what the directory holds goes in the destination).
const SITE_FILES = fileURLToPath(new URL('files/site/', import.meta.url));

const HEARTBEAT_UNIT = `[Unit]
Description=Site heartbeat: records that this host is alive
After=network-online.target

[Service]
# The trap and the backgrounded sleep let the service stop at once instead of after the sleep.
ExecStart=/bin/sh -c 'trap "exit 0" TERM; while :; do date -u +%%FT%%TZ > /run/site-heartbeat; sleep 30 & wait $!; done'
Restart=always
# Nothing to flush on stop: never hold up a reboot for long.
TimeoutStopSec=10s

[Install]
WantedBy=multi-user.target
`;

const dnsVars = z.object({
  dns_zone: z.string().default('example.net'),
  dns_forwarders: z.array(z.string()).min(1).default(['9.9.9.9']),
  /** The DNS server's container. The sandbox has no registry and sets a local stand-in here. */
  dns_container: z.object({
    image: z.string().default('docker.io/coredns/coredns:1.12.0'),
    /** An image archive on the controller to load instead of pulling. */
    archive: z.string().optional(),
    exec: z.array(z.string()).default(['-conf', '/etc/coredns/Corefile']),
    ports: z.array(z.string()).default(['53:53/udp', '53:53/tcp', '127.0.0.1:8080:8080/tcp']),
    /** What answers once the server is up: CoreDNS's health plugin. */
    health: z.string().default('http://127.0.0.1:8080/health'),
    podmanArgs: z.array(z.string()).default([]),
  }).prefault({}),
  /** The fleet page: a Kubernetes pod on the name servers that lists the fleet. */
  fleet_page: z.object({
    image: z.string().default('docker.io/library/busybox:1.37'),
    port: z.number().int().min(1).max(65535).default(8081),
  }).prefault({}),
});
type DnsVars = z.infer<typeof dnsVars>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The fleet page as Kubernetes YAML for podman: the page in a ConfigMap, served read-only by
 * busybox's httpd (its init reaps it and makes stopping quick). A change to the fleet changes the
 * ConfigMap, and podman.kube plays the YAML again.
 */
export function fleetPageManifest({ vars, fleet }: TaskContext<DnsVars>): Record<string, unknown>[] {
  const rows = Object.entries(fleet).sort(([a], [b]) => a.localeCompare(b)).map(([name, host]) => `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(host.address)}</td></tr>`);
  const page = ['<!doctype html>', `<title>${escapeHtml(vars.dns_zone)} fleet</title>`, '<table>', '<tr><th>host</th><th>address</th></tr>', ...rows, '</table>', ''].join('\n');
  const port = vars.fleet_page.port;
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fleet-page' }, data: { 'index.html': page } },
    {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'fleet-page', annotations: { 'io.podman.annotations.init/httpd': 'true' } },
      spec: {
        containers: [{
          name: 'httpd', image: vars.fleet_page.image, args: ['httpd', '-f', '-p', String(port), '-h', '/srv'],
          ports: [{ containerPort: port, hostPort: port }], volumeMounts: [{ name: 'page', mountPath: '/srv', readOnly: true }],
        }],
        volumes: [{ name: 'page', configMap: { name: 'fleet-page' } }],
      },
    },
  ];
}

/** One A record per inventory host; names inside the zone are written relative to it. */
export function zoneFile({ vars, fleet }: TaskContext<DnsVars>): string {
  const zone = vars.dns_zone;
  const relative = (name: string) => (name.endsWith(`.${zone}`) ? name.slice(0, -zone.length - 1) : name);
  const records = Object.entries(fleet).sort(([a], [b]) => a.localeCompare(b)).map(([name, host]) => `${relative(name).padEnd(24)} IN A ${host.address}`);
  const nameServers = Object.entries(fleet).filter(([, host]) => host.groups.includes('dns')).map(([name]) => relative(name));
  // The serial follows the content, so it changes exactly when the records do.
  const serial = parseInt(createHash('sha256').update(records.join('\n')).digest('hex').slice(0, 7), 16);
  return [
    `$ORIGIN ${zone}.`,
    '$TTL 300',
    `@ IN SOA ${nameServers[0] ?? 'ns1'} hostmaster ( ${serial} 7200 3600 1209600 300 )`,
    ...nameServers.map((ns) => `@ IN NS ${ns}`),
    ...records,
    '',
  ].join('\n');
}

function corefile({ vars }: TaskContext<DnsVars>): string {
  return `${vars.dns_zone} {
    file /etc/coredns/${vars.dns_zone}.zone
    reload 10s
    errors
}
. {
    forward . ${vars.dns_forwarders.join(' ')}
    cache 300
    errors
    health :8080
}
`;
}

export default playbook((pb) => {
  // forceHandlers: when a later task of this play fails on a host, chronyd is still restarted on
  // the new configuration in this run. (Without it the restart is not lost either: corectl records
  // it on the host, the drift check reports it, and the next run runs it.)
  // firstBoot: `corectl ignition` also writes this play, on top of the site's Butane file, into
  // each host's first-boot Ignition config (README, Day 0).
  pb.play('Base system', { hosts: 'all', become: true, vars: siteVars, forceHandlers: true, firstBoot: true, butane: ['butane/base.bu'] }, (play) => {
    const restartChrony = play.handler('restart chronyd', systemd({ unit: 'chronyd.service', state: 'restarted' }));

    play.task('chrony configuration', template((ctx: TaskContext<SiteVars>) => ({ path: chronyConfPath(ctx), template: chronyConf })), { notify: [restartChrony], tags: ['ntp'] });
    play.task('chronyd running', systemd({ unit: 'chronyd.service', enabled: true, state: 'started' }), { tags: ['ntp'] });

    play.task('site directory', directory({ path: '/etc/site', mode: '0755' }));
    play.task('site description', file(({ vars, host }: TaskContext<SiteVars>) => ({ path: '/etc/site/host.conf', content: `site=${vars.site}\nhost=${host}\n` })));
    play.task('site files', copyTree({ path: '/etc/site/files', src: SITE_FILES, mode: '0644', directoryMode: '0755', delete: true }));
    play.task('heartbeat service', systemd({ unit: 'site-heartbeat.service', content: HEARTBEAT_UNIT, enabled: true, state: 'started' }));

    // The same tasks an Ansible site has: Python regular expressions, sshd checking the new file
    // before it replaces the old one, a dated copy of the old one kept.
    const reloadSshd = play.handler('reload sshd', systemd(({ facts }: TaskContext<SiteVars>) => ({ unit: facts.os.id === 'fedora' ? 'sshd.service' : 'ssh.service', state: 'reloaded' })));
    play.task('no root login over SSH', lineInFile({
      path: '/etc/ssh/sshd_config',
      regexp: '^#?\\s*PermitRootLogin\\b',
      line: 'PermitRootLogin no',
      validate: '/usr/sbin/sshd -t -f %s',
      backup: true,
    }), { notify: [reloadSshd], tags: ['ssh'] });
    play.task('fleet in /etc/hosts', blockInFile(({ fleet }) => ({
      path: '/etc/hosts',
      marker: '# {mark} SITE HOSTS',
      block: Object.entries(fleet).sort(([a], [b]) => a.localeCompare(b)).map(([name, host]) => `${host.address} ${name}`).join('\n'),
    })));

    play.task('time zone', timezone(({ vars }: TaskContext<SiteVars>) => ({ name: vars.timezone })));
    play.task('forward IPv4 (containers, CoreDNS)', sysctl({ name: 'net.ipv4.ip_forward', value: 1 }), { tags: ['sysctl'] });
    play.task('larger listen backlog', sysctl({ name: 'net.core.somaxconn', value: 4096 }), { tags: ['sysctl'] });

    // Each host's own list, read at run time: one user task per admin, shown by name.
    play.loop('admin accounts', ({ vars }) => vars.admins, (admin, { vars, facts }) => user({
      name: admin.name,
      groups: [facts.os.id === 'fedora' ? 'wheel' : 'sudo'],
      shell: '/bin/bash',
      authorizedKeys: admin.keys ?? vars.admin_keys,
    }), { loopLabel: (admin) => admin.name });
  });

  // Layering needs a reboot: one host at a time, and the roll-out stops at a host that does not
  // come back on the new deployment.
  pb.play('OS packages', { hosts: 'all', become: true, serial: 1, maxFailPercentage: 0 }, (play) => {
    const rebootHost = play.handler('reboot onto the new deployment', reboot({ timeout: 600 }));
    // A host whose layering fails (a repository down) keeps booting its current deployment: the
    // half-staged one is dropped, the host is reported rescued, and the drift check flags it.
    play.block('debugging tools', (b) => {
      b.task('debugging tools layered', rpmOstree.packages({ present: ['tcpdump'] }), { notify: [rebootHost] });
    }, {
      rescue: (r) => r.task('drop the half-staged deployment', command({ argv: ['rpm-ostree', 'cleanup', '--pending'] })),
      tags: ['packages'],
    });
  });

  // Automatic OS updates in a weekly window, where the host has Zincati (Fedora CoreOS does; a
  // host without it is skipped, which stat tells, in check mode too).
  pb.play('OS updates', { hosts: 'all', become: true }, (play) => {
    const agent = play.task('Zincati there?', stat({ path: '/usr/libexec/zincati', checksum: false }), { tags: ['updates'] });
    play.task('updates in the weekly window', zincati.config({ strategy: 'periodic', periodic: { windows: [{ days: ['Sun'], startTime: '03:00', lengthMinutes: 60 }] } }), {
      when: (ctx) => ctx.result(agent)?.data?.exists === true, tags: ['updates'],
    });
  });

  pb.play('Name service', { hosts: 'dns', become: true, vars: dnsVars }, (play) => {
    const restartDns = play.handler('restart coredns', systemd({ unit: 'coredns.service', state: 'restarted' }));
    // After a restart, the play waits until the server answers again (handlers run in the order
    // they are written). In check mode nothing was restarted, so there is nothing new to ask.
    const dnsAnswers = play.handler('coredns answers', uri(({ vars }: TaskContext<DnsVars>) => ({ url: vars.dns_container.health })), {
      when: ({ check }) => !check, retries: 15, delay: 2,
    });
    play.task('coredns image', podman.image(({ vars }: TaskContext<DnsVars>) => ({ ref: vars.dns_container.image, archive: vars.dns_container.archive })), { tags: ['dns'] });
    play.task('coredns directory', directory({ path: '/etc/coredns', mode: '0755' }), { tags: ['dns'] });
    play.task('fleet records directory', directory({ path: '/etc/site/fleet', mode: '0755' }), { tags: ['dns'] });
    play.task('Corefile', file((ctx: TaskContext<DnsVars>) => ({ path: '/etc/coredns/Corefile', content: corefile(ctx) })), { notify: [restartDns, dnsAnswers], tags: ['dns'] });
    play.task('zone from the inventory', file((ctx: TaskContext<DnsVars>) => ({ path: `/etc/coredns/${ctx.vars.dns_zone}.zone`, content: zoneFile(ctx) })), { tags: ['dns'] });
    play.task('coredns container', podman.container(({ vars }: TaskContext<DnsVars>) => ({
      name: 'coredns',
      description: 'CoreDNS for the site zone',
      image: vars.dns_container.image,
      exec: vars.dns_container.exec,
      ports: vars.dns_container.ports,
      volumes: ['/etc/coredns:/etc/coredns:ro,Z'],
      podmanArgs: vars.dns_container.podmanArgs,
      autoUpdate: 'registry',
    })), { notify: [dnsAnswers], tags: ['dns'] });

    // The fleet page, played from Kubernetes YAML (podman.kube), and asked once it was (re)played.
    const pageAnswers = play.handler('fleet page answers', uri(({ vars }: TaskContext<DnsVars>) => ({ url: `http://127.0.0.1:${vars.fleet_page.port}/` })), {
      when: ({ check }) => !check, retries: 15, delay: 2,
    });
    play.task('fleet page image', podman.image(({ vars }: TaskContext<DnsVars>) => ({ ref: vars.fleet_page.image })), { tags: ['dns'] });
    play.task('fleet page', podman.kube((ctx: TaskContext<DnsVars>) => ({ name: 'fleet-page', description: 'The fleet page', manifest: fleetPageManifest(ctx) })), { notify: [pageAnswers], tags: ['dns'] });
  });

  // Every host's record on each name server, written there on the host's behalf (delegateTo): the
  // host's name, address and OS, for operators who look on the name servers.
  pb.play('Fleet records', { hosts: 'all', become: true, gatherFacts: true }, (play) => {
    const nameServers = ({ fleet }: TaskContext) => Object.keys(fleet).filter((name) => fleet[name]!.groups.includes('dns')).sort();
    play.loop('record on the name servers', nameServers, (_ns, { host, fleet, facts }) => file({
      path: `/etc/site/fleet/${host}`,
      content: `host=${host}\naddress=${fleet[host]!.address}\nos=${facts.os.id} ${facts.os.versionId}\n`,
    }), { delegateTo: (_ctx, ns) => ns, loopLabel: (ns) => ns, tags: ['dns'] });
  });
});
