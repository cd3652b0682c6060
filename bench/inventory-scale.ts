// `npm run bench:inventory`: how long a large Ansible inventory takes to read. 5,000 hosts in an
// INI file (50 groups of 100, parents over them, ranges, vars on host lines and in [group:vars]),
// group_vars/ for every group and host_vars/ for every 10th host; `corectl inventory --list` and
// `--list-hosts all` against ansible-inventory --list on the same files. Writes
// bench/results/inventory.md. No hosts needed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatSeconds } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const GROUPS = 50;
const PER_GROUP = 100;
const ROUNDS = 5;

function writeSite(dir: string): string {
  const lines: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    lines.push(`[app${g}]`);
    // Half the groups as one range line, half host by host with vars on the line.
    if (g % 2 === 0) lines.push(`app${g}-[000:${PER_GROUP - 1}].example.net`);
    else for (let h = 0; h < PER_GROUP; h++) lines.push(`app${g}-${String(h).padStart(3, '0')}.example.net ansible_host=10.${g}.${Math.floor(h / 250)}.${h % 250 + 1} rack=r${h % 8} weight=${h}`);
    lines.push(`[app${g}:vars]`, `tier=t${g % 3}`, `ports=[80, 443]`, '');
  }
  for (let p = 0; p < 5; p++) lines.push(`[zone${p}:children]`, ...Array.from({ length: GROUPS / 5 }, (_, i) => `app${p * (GROUPS / 5) + i}`), '');
  lines.push('[all:vars]', 'ansible_user=core', '');
  writeFileSync(join(dir, 'hosts.ini'), lines.join('\n'));
  mkdirSync(join(dir, 'group_vars'));
  mkdirSync(join(dir, 'host_vars'));
  for (let g = 0; g < GROUPS; g++) writeFileSync(join(dir, 'group_vars', `app${g}.yml`), `service: app${g}\nlimits: { cpu: ${g}, memory: ${g * 64}Mi }\nenabled: yes\n`);
  for (let g = 0; g < GROUPS; g++) for (let h = 0; h < PER_GROUP; h += 10) writeFileSync(join(dir, 'host_vars', `app${g}-${String(h).padStart(3, '0')}.example.net.yml`), `serial: ${g * 1000 + h}\n`);
  return join(dir, 'hosts.ini');
}

function time(command: string, args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const dir = mkdtempSync(join(tmpdir(), 'corectl-inventory-bench-'));
try {
  const inventory = writeSite(dir);
  const corectl = (args: string[]) => time(process.execPath, [join(ROOT, 'bin/corectl.js'), 'inventory', '-i', inventory, ...args]);
  corectl(["--list-hosts", "all"]); // builds the engine if a source changed
  const rows: [string, number[]][] = [
    ['corectl inventory --list', Array.from({ length: ROUNDS }, () => corectl(['--list']))],
    ['corectl inventory --list-hosts all', Array.from({ length: ROUNDS }, () => corectl(['--list-hosts', 'all']))],
    ['ansible-inventory --list (ansible-core)', Array.from({ length: ROUNDS }, () => time('ansible-inventory', ['-i', inventory, '--list']))],
  ];
  const version = execFileSync('ansible-inventory', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  const report = `# Reading a 5,000-host Ansible inventory

${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}. ${GROUPS * PER_GROUP} hosts in one INI file (${GROUPS} groups, 5 parent
groups, ranges and vars on host lines), ${GROUPS} group_vars files, ${GROUPS * PER_GROUP / 10} host_vars files. Median of
${ROUNDS} runs (min–max), wall time of the whole command, Node's start included.

| command | time |
| --- | --- |
${rows.map(([name, ms]) => `| ${name} | ${formatSeconds(ms)} |`).join('\n')}

Ansible: ${version}. Reproduce: \`npm run bench:inventory\`.
`;
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/inventory.md'), report);
  process.stdout.write(report);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
