// Language cases, written for the behaviours of Ansible's keywords: per-host loops (`loop`: a
// list, `when` per item, a failing item, an empty list, a registered loop read by a later task),
// check mode (`check_mode: false` on a probe a later `when` reads, both ways; `check_mode: true`)
// and blocks (rescue, always, keywords on the block, nesting). `source: 'ansible'` marks a plain
// use of the keyword, 'edge' a corner of ours.
import { assert, command, debug, file, shell } from '../../../modules/index.ts';
import type { TaskContext } from '../../../src/module-api/module-types.ts';
import { DELEGATE, type LanguageCase } from './language-case.ts';

const DIR = '/var/tmp/corectl-lang';
const fresh = (extra = '') => `rm -rf ${DIR}; mkdir -p ${DIR}${extra ? `; ${extra}` : ''}`;
const probeDir = `cd ${DIR} && for f in $(find . -type f | sort); do printf '%s %s ' "$f" "$(stat -c %a "$f")"; cat "$f"; done; echo end`;
const copy = (name: string, dest: string, content: string, extra: Record<string, unknown> = {}) => ({ name, copy: { dest, content }, ...extra });
const write = (path: string, content: string) => file({ path, content });

export const languageCases: LanguageCase[] = [
  {
    id: 'loop-list', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [copy('files', `${DIR}/{{ item }}`, '{{ item }}\n', { loop: ['a', 'b', 'c'] })],
    corectl: (play) => void play.loop('files', () => ['a', 'b', 'c'], (item) => file({ path: `${DIR}/${item}`, content: `${item}\n` })),
  },
  {
    id: 'loop-some-there', source: 'ansible', setup: fresh(`printf 'b\\n' > ${DIR}/b; chmod 644 ${DIR}/b`), probe: probeDir,
    ansible: [copy('files', `${DIR}/{{ item }}`, '{{ item }}\n', { loop: ['a', 'b', 'c'] })],
    corectl: (play) => void play.loop('files', () => ['a', 'b', 'c'], (item) => file({ path: `${DIR}/${item}`, content: `${item}\n` })),
  },
  {
    id: 'loop-when-per-item', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [copy('files', `${DIR}/{{ item }}`, '{{ item }}\n', { loop: ['a', 'b', 'c'], when: "item != 'b'" })],
    corectl: (play) => void play.loop('files', () => ['a', 'b', 'c'], (item) => file({ path: `${DIR}/${item}`, content: `${item}\n` }), { when: (_ctx, item) => item !== 'b' }),
  },
  {
    id: 'loop-all-skipped', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [copy('files', `${DIR}/{{ item }}`, '{{ item }}\n', { loop: ['a', 'b'], when: 'false' })],
    corectl: (play) => void play.loop('files', () => ['a', 'b'], (item) => file({ path: `${DIR}/${item}`, content: `${item}\n` }), { when: () => false }),
  },
  {
    id: 'loop-failing-item', source: 'ansible', setup: fresh(), probe: probeDir, deliberateIn: ['check'],
    deliberate: "in check mode: Ansible's check says the item into a missing directory would change; corectl cannot tell (an earlier item would change the host first, so a failure it sees may not happen)",
    ansible: [copy('files', `${DIR}/{{ item }}`, 'x\n', { loop: ['a', 'missing/b', 'c'] }), copy('after', `${DIR}/after`, 'x\n')],
    corectl: (play) => {
      play.loop('files', () => ['a', 'missing/b', 'c'], (item) => file({ path: `${DIR}/${item}`, content: 'x\n' }));
      play.task('after', file({ path: `${DIR}/after`, content: 'x\n' }));
    },
  },
  {
    id: 'loop-failing-item-ignored', source: 'ansible', setup: fresh(), probe: probeDir, deliberateIn: ['check'],
    deliberate: "in check mode: as loop-failing-item",
    ansible: [copy('files', `${DIR}/{{ item }}`, 'x\n', { loop: ['a', 'missing/b'], ignore_errors: true }), copy('after', `${DIR}/after`, 'x\n')],
    corectl: (play) => {
      play.loop('files', () => ['a', 'missing/b'], (item) => file({ path: `${DIR}/${item}`, content: 'x\n' }), { ignoreErrors: true });
      play.task('after', file({ path: `${DIR}/after`, content: 'x\n' }));
    },
  },
  {
    id: 'loop-empty', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [copy('files', `${DIR}/{{ item }}`, 'x\n', { loop: [] })],
    corectl: (play) => void play.loop('files', () => [] as string[], (item) => file({ path: `${DIR}/${item}`, content: 'x\n' })),
  },
  {
    id: 'loop-registered', source: 'ansible', setup: fresh(`printf 'a\\n' > ${DIR}/a; chmod 644 ${DIR}/a`), probe: probeDir,
    ansible: [
      copy('files', `${DIR}/{{ item }}`, '{{ item }}\n', { loop: ['a', 'b'], register: 'files' }),
      copy('some changed', `${DIR}/some-changed`, '{{ files.results | selectattr("changed") | map(attribute="item") | join(",") }}\n', { when: 'files.results | selectattr("changed") | list | length > 0' }),
      copy('all changed', `${DIR}/all-changed`, 'x\n', { when: 'files.results | rejectattr("changed") | list | length == 0' }),
    ],
    corectl: (play) => {
      const files = play.loop('files', () => ['a', 'b'], (item) => file({ path: `${DIR}/${item}`, content: `${item}\n` }));
      const changed = (ctx: TaskContext) => ctx.result(files)?.results.filter((r) => r.changed).map((r) => r.item) ?? [];
      play.task('some changed', file((ctx) => ({ path: `${DIR}/some-changed`, content: `${changed(ctx).join(',')}\n` })), { when: (ctx) => changed(ctx).length > 0 });
      play.task('all changed', file({ path: `${DIR}/all-changed`, content: 'x\n' }), { when: (ctx) => ctx.result(files)?.results.every((r) => r.changed) ?? false });
    },
  },
  {
    id: 'check-mode-false-probe', source: 'ansible', setup: fresh(`echo 1.2.3 > ${DIR}/version`), probe: probeDir,
    ansible: [
      { name: 'version', command: { argv: ['cat', `${DIR}/version`] }, check_mode: false, changed_when: false, register: 'version' },
      copy('upgrade marker', `${DIR}/upgraded`, 'x\n', { when: "version.stdout != '1.2.3'" }),
    ],
    corectl: (play) => {
      const version = play.task('version', command({ argv: ['cat', `${DIR}/version`] }), { checkMode: false, changedWhen: () => false });
      play.task('upgrade marker', file({ path: `${DIR}/upgraded`, content: 'x\n' }), { when: (ctx) => ctx.result(version)?.stdout?.trim() !== '1.2.3' });
    },
  },
  {
    id: 'check-mode-false-probe-inverted', source: 'ansible', setup: fresh(`echo old > ${DIR}/version`), probe: probeDir,
    ansible: [
      { name: 'version', command: { argv: ['cat', `${DIR}/version`] }, check_mode: false, changed_when: false, register: 'version' },
      copy('upgrade marker', `${DIR}/upgraded`, 'x\n', { when: "version.stdout == 'old'" }),
    ],
    corectl: (play) => {
      const version = play.task('version', command({ argv: ['cat', `${DIR}/version`] }), { checkMode: false, changedWhen: () => false });
      play.task('upgrade marker', file({ path: `${DIR}/upgraded`, content: 'x\n' }), { when: (ctx) => ctx.result(version)?.stdout?.trim() === 'old' });
    },
  },
  {
    id: 'check-mode-true-in-run', source: 'ansible', setup: fresh(), probe: probeDir, modes: ['run'],
    ansible: [copy('only checked', `${DIR}/checked`, 'x\n', { check_mode: true }), copy('written', `${DIR}/written`, 'x\n')],
    corectl: (play) => {
      play.task('only checked', file({ path: `${DIR}/checked`, content: 'x\n' }), { checkMode: true });
      play.task('written', file({ path: `${DIR}/written`, content: 'x\n' }));
    },
  },
  {
    id: 'check-mode-probe-not-run', source: 'edge', setup: fresh(`echo 1.2.3 > ${DIR}/version`), probe: probeDir, modes: ['check'],
    ansible: [
      { name: 'version', command: { argv: ['cat', `${DIR}/version`] }, changed_when: false, register: 'version' },
      copy('upgrade marker', `${DIR}/upgraded`, 'x\n', { when: "version.stdout != '1.2.3'" }),
    ],
    corectl: (play) => {
      const version = play.task('version', command({ argv: ['cat', `${DIR}/version`] }), { changedWhen: () => false });
      play.task('upgrade marker', file({ path: `${DIR}/upgraded`, content: 'x\n' }), { when: (ctx) => ctx.result(version)?.stdout?.trim() !== '1.2.3' });
    },
    deliberate: "a `when` that reads a command check mode did not run: Ansible decides on what the skipped command left (no stdout), corectl says it cannot tell (skipped, listed under 'could not tell')",
  },
  // Ansible's blocks target: a failure goes to rescue (the failed task's name there), always runs,
  // the play goes on; a rescue that fails; the block's when and ignore_errors on its tasks; nested.
  {
    id: 'block-rescue-always', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [
      {
        name: 'upgrade',
        block: [{ name: 'stage', command: { argv: ['sh', '-c', 'exit 3'] } }, copy('never', `${DIR}/never`, 'x\n')],
        rescue: [copy('roll back', `${DIR}/rescued`, '{{ ansible_failed_task.name }}\n')],
        always: [copy('log', `${DIR}/always`, 'x\n')],
      },
      copy('after', `${DIR}/after`, 'x\n'),
    ],
    corectl: (play) => {
      play.block('upgrade', (b) => {
        b.task('stage', command({ argv: ['sh', '-c', 'exit 3'] }));
        b.task('never', file({ path: `${DIR}/never`, content: 'x\n' }));
      }, {
        rescue: (r) => r.task('roll back', file((ctx) => ({ path: `${DIR}/rescued`, content: `${ctx.failed?.task}\n` }))),
        always: (a) => a.task('log', file({ path: `${DIR}/always`, content: 'x\n' })),
      });
      play.task('after', file({ path: `${DIR}/after`, content: 'x\n' }));
    },
  },
  {
    id: 'block-rescue-fails', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [
      { name: 'b', block: [{ name: 'first', command: { argv: ['false'] } }], rescue: [{ name: 'rescue fails', command: { argv: ['false'] } }], always: [copy('always', `${DIR}/always`, 'x\n')] },
      copy('after', `${DIR}/after`, 'x\n'),
    ],
    corectl: (play) => {
      play.block('b', (b) => b.task('first', command({ argv: ['false'] })), {
        rescue: (r) => r.task('rescue fails', command({ argv: ['false'] })),
        always: (a) => a.task('always', file({ path: `${DIR}/always`, content: 'x\n' })),
      });
      play.task('after', file({ path: `${DIR}/after`, content: 'x\n' }));
    },
  },
  {
    id: 'block-keywords-nested', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [
      { name: 'never', block: [copy('skipped by the block', `${DIR}/x`, 'x\n')], when: 'false' },
      { name: 'outer', ignore_errors: true, block: [{ name: 'inner', block: [{ name: 'inner fails', command: { argv: ['false'] } }] }, copy('still runs', `${DIR}/y`, 'x\n')] },
    ],
    corectl: (play) => {
      play.block('never', (b) => b.task('skipped by the block', file({ path: `${DIR}/x`, content: 'x\n' })), { when: () => false });
      play.block('outer', (b) => {
        b.block('inner', (i) => i.task('inner fails', command({ argv: ['false'] })));
        b.task('still runs', file({ path: `${DIR}/y`, content: 'x\n' }));
      }, { ignoreErrors: true });
    },
  },
  {
    id: 'block-rescue-predicted-failure', source: 'edge', setup: fresh(), probe: probeDir, deliberateIn: ['check'],
    deliberate: `in check mode: check mode predicts the failure of a file into a missing directory (corectl's truthful check mode), where Ansible's check says changed, so the block goes to rescue as the run will`,
    ansible: [{ name: 'b', block: [copy('into a missing directory', `${DIR}/missing/x`, 'x\n')], rescue: [copy('rescue', `${DIR}/r`, 'x\n')] }],
    corectl: (play) => void play.block('b', (b) => b.task('into a missing directory', file({ path: `${DIR}/missing/x`, content: 'x\n' })), {
      rescue: (r) => r.task('rescue', file({ path: `${DIR}/r`, content: 'x\n' })),
    }),
  },
  // environment on a task and on a block (the task's winning name by name); handler topics (listen).
  {
    id: 'environment-task-block', source: 'ansible', setup: fresh(), probe: probeDir, modes: ['run'],
    ansible: [
      { name: 'task env', shell: `printf '%s %s' "$SITE" "\${TIER-unset}" > ${DIR}/task`, environment: { SITE: "lab's" } },
      { name: 'b', environment: { SITE: 'block', TIER: 'block' }, block: [{ name: 'block env', shell: `printf '%s %s' "$SITE" "$TIER" > ${DIR}/block`, environment: { TIER: 'task' } }] },
    ],
    corectl: (play) => {
      play.task('task env', shell({ script: `printf '%s %s' "$SITE" "\${TIER-unset}" > ${DIR}/task` }), { environment: { SITE: "lab's" } });
      play.block('b', (b) => b.task('block env', shell({ script: `printf '%s %s' "$SITE" "$TIER" > ${DIR}/block` }), { environment: { TIER: 'task' } }), { environment: { SITE: 'block', TIER: 'block' } });
    },
  },
  {
    id: 'handler-listen-topic', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [
      copy('config', `${DIR}/config`, 'x\n', { notify: ['restart stack'] }),
      copy('unchanged', `${DIR}/config`, 'x\n', { notify: ['unrelated'] }),
    ],
    ansibleHandlers: [
      copy('restart db', `${DIR}/db`, 'x\n', { listen: 'restart stack' }),
      copy('restart web', `${DIR}/web`, 'x\n', { listen: ['restart stack', 'web changed'] }),
      copy('unrelated', `${DIR}/unrelated`, 'x\n'),
    ],
    corectl: (play) => {
      play.handler('restart db', file({ path: `${DIR}/db`, content: 'x\n' }), { listen: 'restart stack' });
      play.handler('restart web', file({ path: `${DIR}/web`, content: 'x\n' }), { listen: ['restart stack', 'web changed'] });
      play.handler('unrelated', file({ path: `${DIR}/unrelated`, content: 'x\n' }));
      play.task('config', file({ path: `${DIR}/config`, content: 'x\n' }), { notify: ['restart stack'] });
      play.task('unchanged', file({ path: `${DIR}/config`, content: 'x\n' }), { notify: ['unrelated'] });
    },
  },
  // Loops further: a label, a handler notified by a changed item, changed_when and failed_when per item.
  {
    id: 'loop-label', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [copy('users', `${DIR}/{{ item.name }}`, '{{ item.uid }}\n', { loop: [{ name: 'ann', uid: 1 }, { name: 'bob', uid: 2 }], loop_control: { label: '{{ item.name }}' } })],
    corectl: (play) => void play.loop('users', () => [{ name: 'ann', uid: 1 }, { name: 'bob', uid: 2 }], (u) => write(`${DIR}/${u.name}`, `${u.uid}\n`), { loopLabel: (u) => u.name }),
  },
  {
    id: 'loop-notify', source: 'ansible', setup: fresh(`printf 'a\\n' > ${DIR}/a; chmod 644 ${DIR}/a`), probe: probeDir,
    ansible: [copy('files', `${DIR}/{{ item }}`, '{{ item }}\n', { loop: ['a', 'b'], notify: ['reload'] })],
    ansibleHandlers: [{ name: 'reload', shell: `echo x >> ${DIR}/reloads` }],
    corectl: (play) => {
      const reload = play.handler('reload', shell({ script: `echo x >> ${DIR}/reloads` }));
      play.loop('files', () => ['a', 'b'], (item) => write(`${DIR}/${item}`, `${item}\n`), { notify: [reload] });
    },
  },
  {
    id: 'loop-changed-failed-when', source: 'ansible', setup: fresh(), probe: probeDir, modes: ['run'],
    ansible: [
      { name: 'commands', command: { argv: ['echo', '{{ item }}'] }, loop: ['a', 'b', 'c'], changed_when: "item == 'a'", failed_when: "item == 'c'", ignore_errors: true },
      copy('after', `${DIR}/after`, 'x\n'),
    ],
    corectl: (play) => {
      play.loop('commands', () => ['a', 'b', 'c'], (item) => command({ argv: ['echo', item] }), { changedWhen: (_r, _c, item) => item === 'a', failedWhen: (_r, _c, item) => item === 'c', ignoreErrors: true });
      play.task('after', write(`${DIR}/after`, 'x\n'));
    },
  },
  // Blocks further: always without rescue (the host fails after it), a rescue inside a block with
  // always outside, check_mode on a block, a rescue that notifies a handler.
  {
    id: 'block-always-no-rescue', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [
      { name: 'b', block: [{ name: 'fails', command: { argv: ['false'] } }], always: [copy('always', `${DIR}/always`, 'x\n')] },
      copy('never reached', `${DIR}/after`, 'x\n'),
    ],
    corectl: (play) => {
      play.block('b', (b) => b.task('fails', command({ argv: ['false'] })), { always: (a) => a.task('always', write(`${DIR}/always`, 'x\n')) });
      play.task('never reached', write(`${DIR}/after`, 'x\n'));
    },
  },
  {
    id: 'block-nested-rescue', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [{
      name: 'outer',
      block: [
        { name: 'inner', block: [{ name: 'inner fails', command: { argv: ['false'] } }], rescue: [copy('inner rescue', `${DIR}/inner-rescue`, '{{ ansible_failed_task.name }}\n')] },
        copy('outer goes on', `${DIR}/outer`, 'x\n'),
      ],
      rescue: [copy('outer rescue', `${DIR}/outer-rescue`, 'x\n')],
      always: [copy('outer always', `${DIR}/outer-always`, 'x\n')],
    }],
    corectl: (play) => {
      play.block('outer', (b) => {
        b.block('inner', (i) => i.task('inner fails', command({ argv: ['false'] })), { rescue: (r) => r.task('inner rescue', file((ctx) => ({ path: `${DIR}/inner-rescue`, content: `${ctx.failed?.task}\n` }))) });
        b.task('outer goes on', write(`${DIR}/outer`, 'x\n'));
      }, {
        rescue: (r) => r.task('outer rescue', write(`${DIR}/outer-rescue`, 'x\n')),
        always: (a) => a.task('outer always', write(`${DIR}/outer-always`, 'x\n')),
      });
    },
  },
  {
    id: 'block-check-mode-true', source: 'ansible', setup: fresh(), probe: probeDir, modes: ['run'],
    ansible: [{ name: 'b', check_mode: true, block: [copy('only checked', `${DIR}/checked`, 'x\n')] }, copy('written', `${DIR}/written`, 'x\n')],
    corectl: (play) => {
      play.block('b', (b) => b.task('only checked', write(`${DIR}/checked`, 'x\n')), { checkMode: true });
      play.task('written', write(`${DIR}/written`, 'x\n'));
    },
  },
  {
    id: 'block-rescue-notifies', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [{ name: 'b', block: [{ name: 'fails', command: { argv: ['false'] } }], rescue: [copy('mark', `${DIR}/mark`, 'x\n', { notify: ['after rescue'] })] }],
    ansibleHandlers: [copy('after rescue', `${DIR}/handler`, 'x\n')],
    corectl: (play) => {
      const after = play.handler('after rescue', write(`${DIR}/handler`, 'x\n'));
      play.block('b', (b) => b.task('fails', command({ argv: ['false'] })), { rescue: (r) => r.task('mark', write(`${DIR}/mark`, 'x\n'), { notify: [after] }) });
    },
  },
  // delegate_to: the task runs on the second host with the first host's vars (its name, play
  // vars, registered results); its result is the first host's; check mode, loops, rescue, run_once.
  {
    id: 'delegate-file', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [copy('record', `${DIR}/{{ inventory_hostname }}`, '{{ inventory_hostname }}\n', { delegate_to: DELEGATE })],
    corectl: (play, delegate) => void play.task('record', file((ctx) => ({ path: `${DIR}/${ctx.host}`, content: `${ctx.host}\n` })), { delegateTo: delegate }),
  },
  {
    id: 'delegate-play-vars', source: 'ansible', setup: fresh(), probe: probeDir, vars: { zone: 'lab.example' },
    ansible: [copy('zone', `${DIR}/zone`, '{{ zone }} {{ inventory_hostname }}\n', { delegate_to: DELEGATE })],
    corectl: (play, delegate) => void play.task('zone', file((ctx) => ({ path: `${DIR}/zone`, content: `${ctx.vars.zone} ${ctx.host}\n` })), { delegateTo: delegate }),
  },
  {
    id: 'delegate-register', source: 'ansible', setup: fresh(`hostname > ${DIR}/name`), probe: probeDir,
    ansible: [
      { name: 'read there', command: { argv: ['cat', `${DIR}/name`] }, delegate_to: DELEGATE, register: 'there', changed_when: false, check_mode: false },
      copy('keep here', `${DIR}/from-delegate`, '{{ there.stdout }}\n'),
    ],
    corectl: (play, delegate) => {
      const there = play.task('read there', command({ argv: ['cat', `${DIR}/name`] }), { delegateTo: delegate, changedWhen: () => false, checkMode: false });
      play.task('keep here', file((ctx) => ({ path: `${DIR}/from-delegate`, content: `${ctx.result(there)?.stdout?.trim()}\n` })));
    },
  },
  {
    id: 'delegate-loop', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [copy('records', `${DIR}/{{ item }}`, '{{ item }}\n', { loop: ['a', 'b'], delegate_to: DELEGATE })],
    corectl: (play, delegate) => void play.loop('records', () => ['a', 'b'], (item) => write(`${DIR}/${item}`, `${item}\n`), { delegateTo: delegate }),
  },
  {
    id: 'delegate-fails-rescued', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [{ name: 'b', block: [{ name: 'fails there', command: { argv: ['test', '-e', `${DIR}/missing`] }, delegate_to: DELEGATE }], rescue: [copy('rescued here', `${DIR}/rescued`, 'x\n')] }],
    corectl: (play, delegate) => void play.block('b', (b) => b.task('fails there', command({ argv: ['test', '-e', `${DIR}/missing`] }), { delegateTo: delegate }), {
      rescue: (r) => r.task('rescued here', write(`${DIR}/rescued`, 'x\n')),
    }),
  },
  {
    id: 'delegate-run-once', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [copy('once', `${DIR}/once`, '{{ inventory_hostname }}\n', { delegate_to: DELEGATE, run_once: true }), copy('here', `${DIR}/here`, 'x\n')],
    corectl: (play, delegate) => {
      play.task('once', file((ctx) => ({ path: `${DIR}/once`, content: `${ctx.host}\n` })), { delegateTo: delegate, runOnce: true });
      play.task('here', write(`${DIR}/here`, 'x\n'));
    },
  },
  {
    id: 'delegate-block', source: 'ansible', setup: fresh(), probe: probeDir,
    ansible: [{ name: 'b', delegate_to: DELEGATE, block: [copy('first', `${DIR}/first`, 'x\n'), copy('second', `${DIR}/second`, 'x\n')] }, copy('here', `${DIR}/here`, 'x\n')],
    corectl: (play, delegate) => {
      play.block('b', (b) => {
        b.task('first', write(`${DIR}/first`, 'x\n'));
        b.task('second', write(`${DIR}/second`, 'x\n'));
      }, { delegateTo: delegate });
      play.task('here', write(`${DIR}/here`, 'x\n'));
    },
  },
  // assert and debug, decided on the controller: a condition that holds, one that does not (rescued).
  {
    id: 'assert-debug', source: 'ansible', setup: fresh(), probe: probeDir, vars: { replicas: 3 },
    ansible: [
      { name: 'say', debug: { msg: 'replicas {{ replicas }}' } },
      { name: 'enough', assert: { that: ['replicas >= 3', 'replicas is number'] } },
      { name: 'b', block: [{ name: 'too few', assert: { that: ['replicas >= 5'], fail_msg: 'too few replicas' } }], rescue: [copy('said', `${DIR}/said`, 'x\n')] },
    ],
    corectl: (play) => {
      play.task('say', debug((ctx) => ({ msg: `replicas ${String(ctx.vars.replicas)}` })));
      play.task('enough', assert((ctx) => ({ that: { 'replicas >= 3': Number(ctx.vars.replicas) >= 3, 'replicas is a number': typeof ctx.vars.replicas === 'number' } })));
      play.block('b', (b) => b.task('too few', assert((ctx) => ({ that: { 'replicas >= 5': Number(ctx.vars.replicas) >= 5 }, failMessage: 'too few replicas' }))), {
        rescue: (r) => r.task('said', write(`${DIR}/said`, 'x\n')),
      });
    },
  },
];
