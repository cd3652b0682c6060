// `corectl init DIR [--ansible SITE]`: a new site repository, ready for a first `corectl check`:
// package.json with corectl as a dependency (by path: corectl is not on the npm registry), a
// strict tsconfig, a first playbook, and an inventory — a sample, or an existing Ansible site's
// ansible.cfg, inventory, group_vars and host_vars, brought in unchanged. Nothing is overwritten.
import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAnsibleConfig } from '../ansible-config/ansible-config.ts';
import { corectlRoot } from '../corectl-package.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { UsageError } from '../errors/usage-error.ts';

export const initOptionSpec = { ansible: { type: 'string' } } as const;

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, allowImportingTsExtensions: true },
  include: ['playbooks'],
};

const SAMPLE_INVENTORY = `# Your hosts. corectl's own format; an Ansible hosts.ini, group_vars/ and host_vars/ work too
# (README "Inventory"). Replace the example host with yours.
defaults:
  user: core                       # Fedora CoreOS's user
  identityFile: ~/.ssh/id_ed25519
  hostKeyCheck: strict             # host keys must be in ~/.ssh/known_hosts

vars:
  site: my-site

hosts:
  web1.example.net: { address: 203.0.113.30 }

groups:
  web:
    hosts: [web1.example.net]
`;

const FIRST_PLAYBOOK = `// A first playbook: one file on every host. \`corectl check playbooks/site.ts\` shows what it
// would change, \`corectl run playbooks/site.ts\` changes it. Your editor completes the modules and
// their options; a wrong option is a type error.
import { playbook, z, type TaskContext } from 'corectl';
import { directory, file } from 'corectl/modules';

const siteVars = z.object({ site: z.string().default('my-site') });

export default playbook((pb) => {
  pb.play('Base', { hosts: 'all', become: true, vars: siteVars }, (play) => {
    play.task('motd.d', directory({ path: '/etc/motd.d', mode: '0755' }));
    play.task('site banner', file(({ vars, host }: TaskContext<z.infer<typeof siteVars>>) => ({
      path: '/etc/motd.d/10-site',
      content: \`\${host} is part of \${vars.site}, managed by corectl\\n\`,
      mode: '0644',
    })));
  });
});
`;

export async function initCommand(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: initOptionSpec, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('usage: corectl init DIR [--ansible ANSIBLE_SITE_DIR]');
  const dir = resolve(positionals[0]!);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`${dir} exists and is not empty; corectl init writes only into a new or empty directory`);
  const root = corectlRoot();
  mkdirSync(join(dir, 'playbooks'), { recursive: true });
  const pkg = {
    name: basename(dir).toLowerCase().replace(/[^a-z0-9-]/g, '-') || 'site',
    private: true,
    type: 'module',
    scripts: { check: 'corectl check playbooks/site.ts', converge: 'corectl run playbooks/site.ts' },
    dependencies: { corectl: `file:${root}` },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n.corectl/\nreports/\n');
  writeFileSync(join(dir, 'playbooks/site.ts'), FIRST_PLAYBOOK);
  const inventory = values.ansible ? bringAnsibleSite(resolve(values.ansible), dir) : sampleInventory(dir);
  out.write(`${dir}: a new corectl site (${inventory}). Next:\n  cd ${positionals[0]} && npm install\n  npx corectl check playbooks/site.ts\n`);
  return ExitCode.ok;
}

function sampleInventory(dir: string): string {
  mkdirSync(join(dir, 'inventory'));
  writeFileSync(join(dir, 'inventory/hosts.yaml'), SAMPLE_INVENTORY);
  return 'a sample inventory in inventory/hosts.yaml';
}

/**
 * An Ansible site's ansible.cfg, the inventory sources it names (or ./inventory, ./hosts), and the
 * group_vars/ and host_vars/ beside them, copied to the same places. Vault password files are not
 * copied: they stay where they are, and ansible.cfg must name them where corectl can read them.
 */
function bringAnsibleSite(site: string, dir: string): string {
  if (!existsSync(site) || !statSync(site).isDirectory()) throw new UsageError(`--ansible ${site}: not a directory (give the directory that holds ansible.cfg)`);
  const config = loadAnsibleConfig({ cwd: site, env: {} });
  const sources = config.inventory ?? ['inventory', 'hosts', 'hosts.ini', 'hosts.yml', 'hosts.yaml'].map((name) => join(site, name)).filter(existsSync).slice(0, 1);
  if (sources.length === 0) throw new UsageError(`--ansible ${site}: no inventory found (no ansible.cfg inventory setting, no inventory/ or hosts file)`);
  const copy = (path: string) => {
    const inside = relative(site, path);
    if (inside.startsWith('..') || isAbsolute(inside)) throw new UsageError(`--ansible: the inventory ${path} is outside ${site}; copy it in first`);
    cpSync(path, join(dir, inside), { recursive: true, errorOnExist: true });
  };
  if (config.file && dirname(config.file) === site) copy(config.file);
  for (const source of sources) {
    copy(source);
    if (!statSync(source).isDirectory()) for (const vars of ['group_vars', 'host_vars']) if (existsSync(join(dirname(source), vars)) && !existsSync(join(dir, relative(site, dirname(source)), vars))) copy(join(dirname(source), vars));
  }
  return `the Ansible inventory ${sources.map((s) => relative(site, s)).join(', ')} and ansible.cfg from ${site}`;
}
