// `corectl ignition PLAYBOOK.ts --out DIR`: each host's first-boot Ignition config (DIR/HOST.ign),
// from the playbook's firstBoot plays and the inventory, for coreos-installer or PXE. It contacts
// no host. What Ignition cannot do is listed per host as left to the first corectl run. Configs may
// hold secrets (a task's, or password hashes): they are written for their owner only (0600), and
// their content is never printed.
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { knownHostsName } from '../connection/known-hosts.ts';
import { loadSshConfig } from '../connection/ssh-config.ts';
import { targetFromInventory } from '../connection/target-from-inventory.ts';
import { makeHostKey, recordHostKeys } from '../ignition/host-keys.ts';
import { IGNITION_SPECS, type IgnitionSpec } from '../ignition/ignition-config.ts';
import { readButane, type ButaneFragment } from '../ignition/read-butane.ts';
import { renderHost } from '../ignition/render-host.ts';
import { serveConfigs } from '../ignition/serve-configs.ts';
import { selectHosts } from '../inventory/patterns.ts';
import { loadPlaybook } from '../playbook/load-playbook.ts';
import { loadVarsFiles } from '../playbook/vars-files.ts';
import { visibleText } from '../report/visible-text.ts';
import { writeAtomically } from '../secrets/secrets-file.ts';
import { redactText } from '../secrets/sensitive-values.ts';
import { connectionOptionSpec, loadSiteInventory } from './connection-options.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { UsageError } from '../errors/usage-error.ts';

const USAGE = `usage: corectl ignition PLAYBOOK.ts --out DIR [-i INVENTORY] [--limit P] [--spec ${IGNITION_SPECS.join('|')}] [--butane FILE]... [--host-keys KNOWN_HOSTS]
       corectl ignition serve DIR --listen [ADDRESS:]PORT`;

const renderOptionSpec = {
  ...connectionOptionSpec,
  out: { type: 'string' },
  spec: { type: 'string', default: '3.3.0' },
  butane: { type: 'string', multiple: true },
  'host-keys': { type: 'string' },
  'no-typecheck': { type: 'boolean' },
} as const;
const serveOptionSpec = { listen: { type: 'string' } } as const;
/** Both forms' options, for help and completion. */
export const ignitionOptionSpec = { ...renderOptionSpec, ...serveOptionSpec };

export async function ignitionCommand(argv: string[]): Promise<number> {
  if (argv[0] === 'serve') return serveCommand(argv.slice(1));
  const { values, positionals } = parseArgs({ args: argv, options: renderOptionSpec, allowPositionals: true });
  const [file] = positionals;
  if (!file || positionals.length > 1 || !values.out) throw new UsageError(USAGE);
  if (!(IGNITION_SPECS as readonly string[]).includes(values.spec)) throw new UsageError(`--spec must be one of ${IGNITION_SPECS.join(', ')}, got "${values.spec}"`);
  const spec = values.spec as IgnitionSpec;
  const playbook = await loadPlaybook(file, { typecheck: !values['no-typecheck'], warn: (message) => process.stderr.write(`warning: ${visibleText(message)}\n`) });
  const plays = playbook.plays.filter((play) => play.options.firstBoot || play.steps.some((step) => (step.kind === 'task' || step.kind === 'loop') && step.meta.firstBoot));
  if (plays.length === 0) throw new UsageError(`${file} has no play or task with firstBoot: true; mark what a host's first boot should do`);
  const { inventory, vault } = await loadSiteInventory(values, { warn: (m) => process.stderr.write(`warning: ${visibleText(m)}\n`) });
  await loadVarsFiles(playbook, vault);
  const sshConfig = await loadSshConfig();
  const hosts = [...new Set(plays.flatMap((play) => selectHosts(inventory, play.options.hosts, values.limit)))];
  // Every host rendered before one file is written: a mistake found on the last host leaves no
  // configs half made for the others.
  const butane = butaneReader(file);
  const fromCommandLine = (values.butane ?? []).map((path) => butane(resolve(path)));
  const rendered = hosts.map((host) => {
    const hostPlays = plays.filter((play) => selectHosts(inventory, play.options.hosts, values.limit).includes(host));
    const fromPlays = hostPlays.flatMap((play) => (play.options.firstBoot ? play.options.butane ?? [] : []).map((path) => butane(resolve(dirname(file), path))));
    const merged = [...new Set([...fromCommandLine, ...fromPlays])];
    const hostKey = values['host-keys'] ? makeHostKey(host) : undefined;
    return { ...renderHost(hostPlays, inventory, host, { spec, sshConfig, butane: merged, hostKey }), butane: merged.map((b) => relative(process.cwd(), b.file)), hostKey };
  });
  await mkdir(values.out, { recursive: true, mode: 0o700 });
  for (const host of rendered) {
    const path = join(values.out, `${host.host}.ign`);
    await writeAtomically(path, `${JSON.stringify(host.config)}\n`, 0o600);
    const butaneNote = host.butane.length > 0 ? ` on ${host.butane.join(', ')}` : '';
    // Names, notes and reasons are the playbook's words, and a secret can be in them.
    const say = (line: string) => process.stdout.write(`${redactText(line)}\n`);
    say(`${path}: ${host.rendered.length} task(s) for first boot${butaneNote}${host.sensitive ? ', holds secrets' : ''} (Ignition spec ${spec})`);
    for (const note of host.notes) say(`  note: ${note}`);
    for (const left of host.leftToRun) say(`  left to the first corectl run: ${left.play} / ${left.task}: ${left.reason}`);
  }
  if (values['host-keys']) {
    const keyed = rendered.map(({ host, hostKey }) => {
      const target = targetFromInventory(inventory, host, sshConfig);
      return { names: [...new Set([knownHostsName(target.address, target.port), knownHostsName(host, target.port)])], key: hostKey! };
    });
    for (const warning of await recordHostKeys(values['host-keys'], keyed)) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(`host keys of ${keyed.length} host(s) recorded in ${values['host-keys']}: point the inventory's knownHosts (or --known-hosts) at it\n`);
  }
  return ExitCode.ok;
}

/** Each Butane file read once, however many hosts and plays name it. */
function butaneReader(playbook: string): (path: string) => ButaneFragment {
  const read = new Map<string, ButaneFragment>();
  return (path) => {
    if (!existsSync(path)) throw new UsageError(`${path}: no such Butane file${path.startsWith(dirname(resolve(playbook))) ? ' (play butane paths are relative to the playbook)' : ''}`);
    const fragment = read.get(path) ?? readButane(path);
    read.set(path, fragment);
    return fragment;
  };
}

/** `corectl ignition serve DIR --listen [ADDRESS:]PORT`: until stopped (Ctrl-C, SIGTERM). */
async function serveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: serveOptionSpec, allowPositionals: true });
  const [dir] = positionals;
  const listen = /^(?:(.+):)?(\d{1,5})$/.exec(values.listen ?? '');
  if (!dir || positionals.length > 1 || !listen) throw new UsageError(USAGE);
  const address = listen[1]?.replace(/^\[(.*)\]$/, '$1') ?? '0.0.0.0';
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const { server, paths } = serveConfigs(dir, log);
  if (paths.size === 0) throw new UsageError(`${dir} holds no .ign files: write them with corectl ignition PLAYBOOK.ts --out ${dir}`);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(listen[2]), address, resolve);
  });
  const bound = server.address() as AddressInfo;
  const base = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
  // The URLs are the secret: they go to the operator's terminal, never to the log of fetches.
  process.stdout.write(`serving ${paths.size} Ignition config(s) from ${dir} on ${base}; each host's URL:\n`);
  for (const [host, path] of paths) process.stdout.write(`  ${host}  ${base}${path}\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return ExitCode.ok;
}
