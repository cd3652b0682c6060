// Broken inventories, playbooks and secrets through the real command line: one clear message with
// file, line and field, the usage exit code (4), and not one connection to a host — except for a
// type error, whose check runs while the hosts are connected and their facts gathered (nothing
// runs on them until it passes: test/integration/run-command.test.ts). The only host is a
// listener on loopback that counts who knocks.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve('bin/corectl.js');
let server: Server;
let port = 0;
let connections = 0;
let dir: string;

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as { port: number }).port;
  // Inside the repository, so playbooks resolve `corectl` as a site's would.
  dir = mkdtempSync(join(resolve('test/fixtures'), '.tmp-broken-'));
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const GOOD_INVENTORY = () => `hosts:\n  web1:\n    address: 127.0.0.1\n    port: ${port}\n    vars:\n      replicas: 3\n`;
const GOOD_PLAYBOOK = `import { playbook } from 'corectl';\nimport { file } from 'corectl/modules';\nexport default playbook((pb) => pb.play('p', { hosts: 'all' }, (play) => {\n  play.task('t', file({ path: '/tmp/x', content: 'x' }));\n}));\n`;

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function corectl(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, CI: 'true' } }, (error, _stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

interface Case {
  name: string;
  inventory?: string;
  playbook?: string;
  extra?: string[];
  typecheck?: boolean;
  /** The run connects to the host (to gather facts) before it finds the problem. */
  connectsMeanwhile?: boolean;
  /** What the message must say; FILE stands for the broken file's path. */
  message: RegExp | ((files: { inventory: string; playbook: string }) => RegExp | string);
}

const cases: Case[] = [
  { name: 'inventory: bad YAML', inventory: 'hosts:\n  web1: {address: [\n', message: ({ inventory }) => new RegExp(`^corectl run: ${inventory}:\\d+:\\d+: invalid YAML`) },
  { name: 'inventory: unknown field', inventory: 'hosts:\n  web1:\n    adress: 127.0.0.1\n', message: ({ inventory }) => `corectl run: ${inventory}:3:5: hosts.web1.adress: unknown field` },
  { name: 'inventory: wrong type', inventory: 'hosts:\n  web1:\n    port: twenty-two\n', message: ({ inventory }) => `corectl run: ${inventory}:3:11: hosts.web1.port:` },
  { name: 'inventory: undefined child group', inventory: 'hosts:\n  web1: {}\ngroups:\n  infra:\n    children: [dns]\n', message: ({ inventory }) => `${inventory}:5:16: infra.children: group "dns" is not defined` },
  { name: 'inventory: cyclic children', inventory: 'hosts:\n  web1: {}\ngroups:\n  a: {children: [b]}\n  b: {children: [a]}\n', message: /hosts\.yaml:\d+:\d+: .*cycle: (a -> b -> a|b -> a -> b)/ },
  { name: 'inventory: duplicate host', inventory: 'hosts:\n  web1: {}\n  web1: {port: 2}\n', message: ({ inventory }) => new RegExp(`${inventory}:3:\\d+: duplicate key`) },
  { name: 'playbook: throws while loading', playbook: `import { playbook } from 'corectl';\nconst sites: Record<string, string> = {};\nexport default playbook(() => {\n  throw new Error('no site ' + Object.keys(sites).length);\n});\n`, message: ({ playbook }) => new RegExp(`${playbook}:4:\\d+: no site 0`) },
  { name: 'playbook: type error', typecheck: true, connectsMeanwhile: true, playbook: GOOD_PLAYBOOK.replace("content: 'x'", "contnt: 'x'"), message: ({ playbook }) => new RegExp(`${playbook}:4:\\d+: .*contnt`) },
  { name: 'playbook: wrong option value', playbook: GOOD_PLAYBOOK.replace("content: 'x'", "content: 'x', mode: '999'"), message: ({ playbook }) => new RegExp(`${playbook}:4:\\d+: task "t": file option mode: "999" is not an octal mode`) },
  { name: 'playbook: option injection', playbook: GOOD_PLAYBOOK.replace("file({ path: '/tmp/x', content: 'x' })", "file({ path: '/tmp/x', content: 'x', owner: '--help' })"), message: /task "t": file option owner: must be a user or group name/ },
  { name: 'playbook: path traversal', playbook: GOOD_PLAYBOOK.replace("'/tmp/x'", "'/etc/corectl/../shadow'"), message: /task "t": file option path: must not contain "\.\." components/ },
  { name: 'playbook: no default export', playbook: `export const x = 1;\n`, message: /must have a default export made with playbook/ },
  {
    name: 'playbook: vars that do not fit the play schema',
    playbook: `import { playbook, z } from 'corectl';\nimport { file } from 'corectl/modules';\nexport default playbook((pb) => pb.play('p', { hosts: 'all', vars: z.object({ replicas: z.string(), zone: z.string() }) }, (play) => {\n  play.task('t', file({ path: '/tmp/x', content: 'x' }));\n}));\n`,
    // Every failing var, and where its value was written.
    message: ({ playbook, inventory }) => new RegExp(`${playbook}:3:\\d+: play "p": host web1: var replicas \\(${inventory}:\\d+\\): Invalid input: expected string, received number; var zone \\(not set in the inventory\\): Invalid input: expected string, received undefined`),
  },
  { name: 'command line: unknown host pattern', extra: ['--limit', 'web9'], message: /web9/ },
  { name: 'command line: unknown option', extra: ['--forkz', '3'], message: /--forkz/ },
  // Conditions corectl can name are never an "internal error" with a stack trace.
  { name: 'command line: broken regular expression pattern', extra: ['--limit', '~(web'], message: /^corectl run: "~\(web": not a valid pattern \(.*\)$/m },
  { name: 'command line: unclosed bracket in a pattern', extra: ['--limit', 'web[1'], message: /^corectl run: "web" matches no host or group in the inventory/m },
  { name: 'command line: subscript past the end', extra: ['--limit', 'all[5]'], message: /^corectl run: "all\[5\]": no host at that position \(all has 1\)$/m },
  { name: 'command line: report path that cannot be written', extra: ['--report', 'json=/proc/corectl/report.json'], message: /^corectl run: --report json=\/proc\/corectl\/report\.json: cannot write there \(a directory on the way does not exist and cannot be made\)$/m },
  { name: 'command line: report path that is a directory', extra: ['--report', 'junit=/tmp'], message: /--report junit=\/tmp: cannot write there \(it is a directory\)/ },
  { name: 'command line: known_hosts that cannot be read', extra: ['--known-hosts', '/tmp'], message: /^corectl run: known_hosts file \/tmp cannot be read: it is a directory$/m },
  { name: 'command line: bad stop grace', extra: ['--stop-grace', 'soon'], message: /--stop-grace must be a positive whole number, got "soon"/ },
  { name: 'command line: bad forks', extra: ['--forks', '0'], message: /--forks must be a positive whole number, got "0"/ },
];

describe('broken input never reaches a host', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const slug = c.name.replace(/[^a-z]+/g, '-');
      const inventory = write(`${slug}/inventory/hosts.yaml`, c.inventory ?? GOOD_INVENTORY());
      const playbook = write(`${slug}/site.ts`, c.playbook ?? GOOD_PLAYBOOK);
      const before = connections;
      const result = await corectl(['run', playbook, '-i', inventory, ...(c.typecheck ? [] : ['--no-typecheck']), ...(c.extra ?? [])]);
      const expected = typeof c.message === 'function' ? c.message({ inventory, playbook }) : c.message;
      if (typeof expected === 'string') expect(result.stderr).toContain(expected);
      else expect(result.stderr).toMatch(expected);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr).not.toContain('internal error');
      // Files get their problems listed, each with file:line; a bad command line gets one line.
      if (c.name.startsWith('command line')) expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.code).toBe(4);
      if (!c.connectsMeanwhile) expect(connections - before).toBe(0);
    });
  }

  it('a good inventory and playbook do knock (the listener is the host)', async () => {
    const key = join(dir, 'good', 'id_ed25519');
    mkdirSync(join(dir, 'good'), { recursive: true });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const inventory = write('good/inventory/hosts.yaml', `defaults:\n  identityFile: ${key}\n${GOOD_INVENTORY()}`);
    const playbook = write('good/site.ts', GOOD_PLAYBOOK);
    const result = await corectl(['run', playbook, '-i', inventory, '--no-typecheck', '--host-key-check', 'off', '--connect-timeout', '2']);
    expect(result.code).toBe(3);
    expect(connections).toBeGreaterThan(0);
  });
});
