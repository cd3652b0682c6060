// One host's first-boot Ignition config from the playbook's firstBoot plays: the user corectl
// connects as (with its public key and sudo) and the host's name first, then every task in order
// as its module renders it. What Ignition cannot do — a module with no first-boot form, a `when`,
// options that read facts or earlier results, controller steps — is listed as left to the first
// corectl run, never dropped.
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { SshConfig } from '../connection/ssh-config.ts';
import { targetFromInventory } from '../connection/target-from-inventory.ts';
import { playHostVars } from '../executor/play-vars.ts';
import type { Inventory } from '../inventory/inventory-model.ts';
import { resolveHost } from '../inventory/resolve-host.ts';
import { ignitionFile, isNotExpressible, NotExpressibleError, type IgnitionFragment } from '../module-api/ignition-fragment.ts';
import type { TaskContext } from '../module-api/module-types.ts';
import { formatCallSite } from '../playbook/call-site.ts';
import { PlaybookError } from '../playbook/playbook-error.ts';
import type { Play } from '../playbook/playbook-types.ts';
import { IgnitionBuilder, type IgnitionConfig, type IgnitionSpec } from './ignition-config.ts';

export interface LeftToRun {
  play: string;
  task: string;
  reason: string;
}

export interface RenderedHost {
  host: string;
  config: IgnitionConfig;
  /** Tasks in the order written. */
  rendered: string[];
  leftToRun: LeftToRun[];
  /** A task handled secrets: the config holds them. */
  sensitive: boolean;
  /** Things the operator should know (no public key found). */
  notes: string[];
}

/** Facts exist once a host runs: reading one before is what leaves a task to the first run. */
const NO_FACTS = new Proxy({}, {
  get: (_target, name) => {
    throw new NotExpressibleError(`its options read facts (${String(name)}), which a host has only once it runs`);
  },
});

export function renderHost(plays: Play[], inventory: Inventory, host: string, spec: IgnitionSpec, sshConfig: SshConfig = []): RenderedHost {
  const builder = new IgnitionBuilder();
  const rendered: string[] = [];
  const leftToRun: LeftToRun[] = [];
  const notes: string[] = [];
  let sensitive = false;
  builder.add(connectionFragment(inventory, host, sshConfig, notes));
  const resolved = resolveHost(inventory, host);
  const fleet = Object.fromEntries([...inventory.hosts.keys()].map((name) => {
    const { connection, groups } = resolveHost(inventory, name);
    return [name, { address: connection.address ?? name, groups }];
  }));
  for (const play of plays) {
    const { vars } = playHostVars(play, host, resolved);
    const context: TaskContext = {
      host, fleet, vars, facts: NO_FACTS as TaskContext['facts'], check: false, rebootRequired: undefined,
      result: () => {
        throw new NotExpressibleError("its options read an earlier task's result, which exists once the host runs");
      },
    };
    for (const step of play.steps) {
      if (step.kind === 'flush') continue;
      const left = (reason: string) => leftToRun.push({ play: play.name, task: step.name, reason });
      if (step.kind === 'controller') {
        left('a controller step runs with the run');
        continue;
      }
      if (step.meta.when) {
        left('its `when` is decided when the host runs');
        continue;
      }
      const { definition } = step.call;
      try {
        const raw = typeof step.call.options === 'function' ? (step.call.options as (c: TaskContext) => unknown)(context) : step.call.options;
        const parsed = definition.schema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new PlaybookError(`${formatCallSite(step.site)}: task "${step.name}" on ${host}: ${definition.name} option ${issue.path.join('.') || '(options)'}: ${issue.message}`);
        }
        if (!definition.ignition) {
          left(`${definition.name} has no first-boot form`);
          continue;
        }
        const rendering = definition.ignition(parsed.data, { context });
        if ('leftToRun' in rendering) {
          left(rendering.leftToRun);
          continue;
        }
        builder.add(rendering);
        rendered.push(step.name);
        if (definition.sensitive?.(parsed.data)) sensitive = true;
      } catch (error) {
        if (!isNotExpressible(error)) throw error;
        left(error.message);
      }
    }
  }
  return { host, config: builder.build(spec), rendered, leftToRun, sensitive, notes };
}

/** The user corectl logs in as, with the public key next to its identity file and sudo, and the host's name. */
function connectionFragment(inventory: Inventory, host: string, sshConfig: SshConfig, notes: string[]): IgnitionFragment {
  const target = targetFromInventory(inventory, host, sshConfig);
  const keys = target.identityFiles.map((file) => `${file}.pub`).filter((file) => existsSync(file)).map((file) => readFileSync(file, 'utf8').trim()).filter(Boolean);
  if (keys.length === 0) notes.push(`no public key next to ${target.identityFiles.join(', ') || 'an identity file'} for ${target.user}: corectl will not be able to log in unless a task installs one`);
  // Fedora CoreOS gives the sudo group sudo without a password (its `core` user is in it).
  const user = { name: target.user, ...(keys.length > 0 && { sshAuthorizedKeys: keys }), ...(target.user !== 'root' && { groups: ['sudo'] }) };
  const hostname = isIP(host) === 0 && host !== 'localhost' ? ignitionFile('/etc/hostname', `${host}\n`, {}) : {};
  return { passwd: { users: [user] }, ...hostname };
}
