// The benchmark workload as a corectl playbook: 30 tasks of everyday configuration (directories,
// files, templates, lines and blocks, a systemd unit, sysctl, commands with `creates`, a link).
// site.yml is the same work for Ansible, task for task.
import { playbook, type TaskContext } from 'corectl';
import { blockInFile, command, directory, file, lineInFile, symlink, sysctl, systemd, template } from 'corectl/modules';

const BASE = '/opt/bench';
const FILES = Array.from({ length: 12 }, (_, i) => i + 1);

const appIni = ({ host }: TaskContext) => `[app]\nname = bench\nhost = ${host}\nworkers = 4\n`;
const limitsConf = ({ host }: TaskContext) => `# limits for ${host}\nmax_connections = 256\ntimeout = 30\n`;

export default playbook((pb) => {
  // No facts, as on the Ansible side (gather_facts: false): the workload uses none, and both tools
  // do the same work. (corectl's probe would add one round trip per host.)
  pb.play('bench workload', { hosts: 'all', become: true, gatherFacts: false }, (play) => {
    play.task('base directory', directory({ path: BASE, mode: '0755' }));
    for (const sub of ['conf', 'data', 'log']) play.task(`${sub} directory`, directory({ path: `${BASE}/${sub}`, mode: '0755' }));
    for (const i of FILES) {
      play.task(`file ${i}`, file({ path: `${BASE}/conf/file${i}.conf`, content: `# bench file ${i}\nvalue = ${i * 7}\n`, mode: '0644' }));
    }
    play.task('app.ini', template({ path: `${BASE}/conf/app.ini`, template: appIni, mode: '0644' }));
    play.task('limits.conf', template({ path: `${BASE}/conf/limits.conf`, template: limitsConf, mode: '0644' }));
    play.task('setting alpha', lineInFile({ path: `${BASE}/conf/settings.conf`, line: 'alpha = 1', regexp: '^alpha =', create: true }));
    play.task('setting beta', lineInFile({ path: `${BASE}/conf/settings.conf`, line: 'beta = 2', regexp: '^beta =', create: true }));
    play.task('setting gamma', lineInFile({ path: `${BASE}/conf/settings.conf`, line: 'gamma = 3', regexp: '^gamma =', create: true }));
    play.task('unit file', file({
      path: '/etc/systemd/system/bench-app.service',
      content: '[Unit]\nDescription=Benchmark app\n\n[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=multi-user.target\n',
      mode: '0644',
    }));
    // Light hosts (the scale benchmark's: sshd only, no systemd) leave this one task out.
    play.task('unit running', systemd({ unit: 'bench-app.service', enabled: true, state: 'started' }), { when: ({ vars }) => !vars.light_host });
    play.task('keepalive', sysctl({ name: 'net.ipv4.tcp_keepalive_time', value: '600' }));
    play.task('fin timeout', sysctl({ name: 'net.ipv4.tcp_fin_timeout', value: '30' }));
    play.task('somaxconn', sysctl({ name: 'net.core.somaxconn', value: '1024' }));
    play.task('initialize data', command({ argv: ['touch', `${BASE}/data/initialized`], creates: `${BASE}/data/initialized` }));
    play.task('seed data', command({ argv: ['sh', '-c', `date +%s > ${BASE}/data/seed`], creates: `${BASE}/data/seed` }));
    play.task('current link', symlink({ path: `${BASE}/current`, target: `${BASE}/conf` }));
    play.task('hosts block', blockInFile({ path: `${BASE}/conf/hosts.conf`, block: 'backend1 192.0.2.1\nbackend2 192.0.2.2\n', create: true }));
  });
});
