// One host's first-boot Ignition config from the playbook's firstBoot plays and tasks: the Butane
// configs given, then the user corectl connects as (with its public key and sudo), the host's name
// and its static network from the inventory, then every task in order as its module renders it. What Ignition cannot do — a module with no first-boot form, a `when`,
// options that read facts or earlier results, controller steps — is listed as left to the first
// corectl run, never dropped.
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionTarget } from '../connection/connection-target.ts';
import type { SshConfig } from '../connection/ssh-config.ts';
import { targetFromInventory } from '../connection/target-from-inventory.ts';
import { playHostVars } from '../executor/play-vars.ts';
import type { Inventory } from '../inventory/inventory-model.ts';
import { resolveHost } from '../inventory/resolve-host.ts';
import { ignitionFile, isNotExpressible, NotExpressibleError, type IgnitionFragment } from '../module-api/ignition-fragment.ts';
import type { TaskContext } from '../module-api/module-types.ts';
import type { ModuleCall } from '../module-api/define-module.ts';
import { describeOptionProblems } from '../module-api/option-problems.ts';
import { CorectlError } from '../errors/corectl-error.ts';
import { formatCallSite } from '../playbook/call-site.ts';
import { holdsSensitive } from '../secrets/sensitive-values.ts';
import { PlaybookError } from '../playbook/playbook-error.ts';
import { callsOf, type Play } from '../playbook/playbook-types.ts';
import { IgnitionBuilder, type IgnitionConfig, type IgnitionSpec } from './ignition-config.ts';
import { hostKeyFragment, type HostKey } from './host-keys.ts';
import { networkFragment, NETWORK_VAR } from './network-keyfiles.ts';
import type { ButaneFragment } from './read-butane.ts';

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

export interface RenderOptions {
  spec: IgnitionSpec;
  sshConfig?: SshConfig;
  /** Butane configs merged first: the base the inventory and the playbook's tasks add to. */
  butane?: ButaneFragment[];
  /** The host's SSH host key, made by corectl (--host-keys). */
  hostKey?: HostKey;
}

const BUTANE = 'butane';

export function renderHost(plays: Play[], inventory: Inventory, host: string, options: RenderOptions): RenderedHost {
  const builder = new IgnitionBuilder();
  const rendered: string[] = [];
  const leftToRun: LeftToRun[] = [];
  const notes: string[] = [];
  const butane = options.butane ?? [];
  let sensitive = butane.some((b) => b.sensitive);
  // What the playbook writes over a Butane file's entry is the run's too; said, since two
  // descriptions of one file are what this command exists to end.
  const add = (fragment: IgnitionFragment, by: string) => {
    for (const { key, was } of builder.add(fragment, by)) {
      if (was !== BUTANE) continue;
      const origin = butane.map((b) => b.origins.get(key)).find(Boolean) ?? 'a Butane file';
      notes.push(`${key}: ${by} replaces what ${origin} writes there`);
    }
  };
  for (const b of butane) builder.add(b.fragment, BUTANE);
  const resolved = resolveHost(inventory, host);
  const target = targetFromInventory(inventory, host, options.sshConfig ?? []);
  add(connectionFragment(target, host), 'the inventory');
  add(networkFragment(resolved), `the inventory's ${NETWORK_VAR}`);
  if (options.hostKey) {
    add(hostKeyFragment(options.hostKey), 'its host key (--host-keys)');
    sensitive = true;
  }
  const fleet = Object.fromEntries([...inventory.hosts.keys()].map((name) => {
    const { connection, groups } = resolveHost(inventory, name);
    return [name, { address: connection.address ?? name, groups }];
  }));
  for (const play of plays) {
    const { vars } = playHostVars(play, host, resolved, inventory.extraVars?.vars);
    const context: TaskContext = {
      host, fleet, vars, facts: NO_FACTS as TaskContext['facts'], check: false, rebootRequired: undefined,
      result: () => {
        throw new NotExpressibleError("its options read an earlier task's result, which exists once the host runs");
      },
    };
    for (const step of play.steps) {
      if (step.kind === 'flush') continue;
      const left = (reason: string) => leftToRun.push({ play: play.name, task: step.name, reason });
      const firstBoot = step.meta.firstBoot ?? play.options.firstBoot;
      if (!firstBoot) {
        // Only a task taken out of a first-boot play is news; a play's other tasks are the run's.
        if (play.options.firstBoot) left('firstBoot: false');
        continue;
      }
      if (step.kind === 'controller') {
        left('a controller step runs with the run');
        continue;
      }
      if (step.kind === 'block') {
        left('a block (its rescue and always) is decided by what happens when the host runs');
        continue;
      }
      if (step.meta.when) {
        left('its `when` is decided when the host runs');
        continue;
      }
      // A loop renders each of its items, with the items its function gives for this host.
      let calls: ModuleCall[];
      try {
        calls = callsOf(step, context);
      } catch (error) {
        if (isNotExpressible(error)) {
          left(error.message);
          continue;
        }
        throw new PlaybookError(`${formatCallSite(step.site)}: task "${step.name}" on ${host}: its items cannot be computed for first boot: ${(error as Error).message}`, { cause: error });
      }
      for (const call of calls) {
        const { definition } = call;
        try {
          const raw = typeof call.options === 'function' ? (call.options as (c: TaskContext) => unknown)(context) : call.options;
          const parsed = definition.schema.safeParse(raw);
          if (!parsed.success) {
            throw new PlaybookError(`${formatCallSite(step.site)}: task "${step.name}" on ${host}: ${describeOptionProblems(definition.name, parsed.error)}`);
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
          add(rendering, `task "${step.name}"`);
          if (rendered.at(-1) !== step.name) rendered.push(step.name);
          if (definition.sensitive?.(parsed.data) || step.meta.sensitive || holdsSensitive(parsed.data)) sensitive = true;
        } catch (error) {
          if (isNotExpressible(error)) left(error.message);
          else if (error instanceof CorectlError) throw error;
          // The playbook's own code threw (a template, an options function, a `src` that is not
          // there): the user's to fix, at the task's line, never "internal error".
          else throw new PlaybookError(`${formatCallSite(step.site)}: task "${step.name}" on ${host}: ${definition.name} cannot be rendered for first boot: ${(error as Error).message ?? String(error)}`, { cause: error });
        }
      }
    }
  }
  const conflicts = [...builder.pathConflicts(), ...builder.unknownGroups()];
  if (conflicts.length > 0) throw new PlaybookError(`${host}: the first-boot config cannot be applied:\n  ${conflicts.join('\n  ')}`);
  const config = builder.build(options.spec);
  if (!config.passwd?.users?.find((u) => u.name === target.user)?.sshAuthorizedKeys?.length) {
    notes.push(`no public key for ${target.user} (none next to ${target.identityFiles.join(', ') || 'an identity file'}, none in a Butane file or task): corectl will not be able to log in`);
  }
  return { host, config, rendered, leftToRun, sensitive, notes };
}

/** The user corectl logs in as, with the public key next to its identity file and sudo, and the host's name. */
function connectionFragment(target: ConnectionTarget, host: string): IgnitionFragment {
  const keys = target.identityFiles.map((file) => `${file}.pub`).filter((file) => existsSync(file)).map((file) => readFileSync(file, 'utf8').trim()).filter(Boolean);
  // Fedora CoreOS gives the sudo group sudo without a password (its `core` user is in it).
  const user = { name: target.user, ...(keys.length > 0 && { sshAuthorizedKeys: keys }), ...(target.user !== 'root' && { groups: ['sudo'] }) };
  const hostname = isIP(host) === 0 && host !== 'localhost' ? ignitionFile('/etc/hostname', `${host}\n`, {}) : {};
  return { passwd: { users: [user] }, ...hostname };
}
