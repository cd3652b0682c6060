import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { playbook } from '../../../src/playbook/dsl.ts';
import { loadPlaybook, validatePlaybook } from '../../../src/playbook/load-playbook.ts';
import { PlaybookError } from '../../../src/playbook/playbook-error.ts';
import type { HandlerHandle } from '../../../src/playbook/playbook-types.ts';
import { file, lineInFile, shell } from '../../../modules/index.ts';

describe('playbook validation, before any host is touched', () => {
  it('collects every wrong option with the task, its file:line and the option path', () => {
    const pb = playbook((p) =>
      p.play('x', { hosts: 'all' }, (play) => {
        play.task('relative path', file({ path: 'etc/motd', content: 'x' }));
        play.task('bad mode', file({ path: '/etc/motd', content: 'x', mode: '999' }));
      }),
    );
    const error = (() => {
      try {
        validatePlaybook(pb);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(PlaybookError);
    expect(error!.message).toMatch(/2 problem/);
    expect(error!.message).toMatch(/validate-playbook\.test\.ts:\d+:\d+: task "relative path": file option path: must be an absolute path/);
    expect(error!.message).toMatch(/task "bad mode": file option mode: "999" is not an octal mode/);
  });

  it("says plainly when an option has Ansible's name, and lists the module's options for an unknown one", () => {
    const pb = playbook((p) =>
      p.play('x', { hosts: 'all' }, (play) => {
        play.task('ansible names', lineInFile({ dest: '/etc/x', line: 'a', insertafter: 'EOF' } as never));
        play.task('typo', file({ path: '/etc/motd', contnet: 'x' } as never));
        play.task('decimal mode', file({ path: '/etc/motd', content: 'x', mode: 755 }));
      }),
    );
    let message = '';
    try {
      validatePlaybook(pb);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("lineInFile option dest: `dest` is Ansible's name; corectl calls it `path`");
    expect(message).toContain("lineInFile option insertafter: `insertafter` is Ansible's name; corectl calls it `insertAfter`");
    expect(message).toMatch(/file option \(options\): unknown option `contnet`; file's options are: path, content, src, remoteSrc, mode, owner, group, validate, backup, sensitive/);
    expect(message).toContain("file option mode: 755 is a decimal number (0o1363); did you mean 0o755 or '755'?");
  });

  it('reports tasks that wait for each other in a cycle', () => {
    const pb = playbook((p) =>
      p.play('x', { hosts: 'all' }, (play) => {
        const later = { id: '0:second', name: 'second' };
        play.task('first', shell({ script: 'true' }), { after: [later] });
        play.task('second', shell({ script: 'true' }));
      }),
    );
    expect(() => validatePlaybook(pb)).toThrow(/cycle: first -> second -> first|cycle: second -> first -> second/);
  });

  it('reports a notify target that is not a handler of the play', () => {
    const pb = playbook((p) => {
      let handler: HandlerHandle | undefined;
      p.play('a', { hosts: 'all' }, (play) => {
        handler = play.handler('restart', shell({ script: 'true' }));
      });
      p.play('b', { hosts: 'all' }, (play) => {
        play.task('t', shell({ script: 'true' }), { notify: [handler!] });
      });
    });
    expect(() => validatePlaybook(pb)).toThrow(/notifies "restart", which is not a handler of play "b"/);
  });

  it('reports type errors and load errors with file and line, and unique task ids', async () => {
    const dir = mkdtempSync(join(resolve('test/fixtures'), '.tmp-'));
    const typo = join(dir, 'typo.ts');
    writeFileSync(typo, `import { playbook } from 'corectl';\nimport { file } from 'corectl/modules';\nexport default playbook((pb) => pb.play('x', { hosts: 'all' }, (play) => {\n  play.task('t', file({ path: '/etc/x', contnt: 'x' }));\n}));\n`);
    await expect(loadPlaybook(typo)).rejects.toThrow(/typo\.ts:4:\d+: .*contnt/);
    // The type checker says it too, in its own message, where the option was written.
    const ansible = join(dir, 'ansible.ts');
    writeFileSync(ansible, `import { playbook } from 'corectl';\nimport { lineInFile } from 'corectl/modules';\nexport default playbook((pb) => pb.play('x', { hosts: 'all' }, (play) => {\n  play.task('t', lineInFile({ path: '/etc/x', line: 'a', insertafter: '^a' }));\n}));\n`);
    await expect(loadPlaybook(ansible)).rejects.toThrow(/ansible\.ts:4:\d+: .*`insertafter` is Ansible's name; corectl calls it `insertAfter`/);
    // In options a function computes, as the README writes them, a typo is a type error too.
    const computed = join(dir, 'computed.ts');
    writeFileSync(computed, `import { playbook, type TaskContext } from 'corectl';\nimport { podman } from 'corectl/modules';\nexport default playbook((pb) => pb.play('x', { hosts: 'all' }, (play) => {\n  play.task('t', podman.container(({ vars }: TaskContext<{ image: string }>) => ({ name: 'web', image: vars.image, exce: ['x'] })));\n}));\n`);
    await expect(loadPlaybook(computed)).rejects.toThrow(/computed\.ts:4:\d+: .*unknown option `exce`/);
    // A loop's item is typed from its items: a property the items lack, and a misspelt option in
    // the call made for an item, are type errors where they were written.
    const loop = join(dir, 'loop.ts');
    writeFileSync(loop, `import { playbook } from 'corectl';\nimport { file } from 'corectl/modules';\nexport default playbook((pb) => pb.play<{ users: { name: string }[] }>('x', { hosts: 'all' }, (play) => {\n  play.loop('homes', ({ vars }) => vars.users, (u) => file({ path: '/home/' + u.nmae, content: 'x' }));\n  play.loop('keys', ({ vars }) => vars.users, (u) => file({ path: '/home/' + u.name, contnt: 'x' }));\n}));\n`);
    await expect(loadPlaybook(loop)).rejects.toThrow(/loop\.ts:4:\d+: Property 'nmae' does not exist[\s\S]*loop\.ts:5:\d+: .*contnt/);
    const throwing = join(dir, 'throws.ts');
    writeFileSync(throwing, `import { playbook } from 'corectl';\nexport default playbook(() => {\n  throw new Error('no site vars');\n});\n`);
    await expect(loadPlaybook(throwing, { typecheck: false })).rejects.toThrow(/throws\.ts:\d+:\d+: no site vars/);
    // Loading runs while the type check does: when both fail, the type error is the one reported.
    const both = join(dir, 'both.ts');
    writeFileSync(both, `import { playbook } from 'corectl';\nconst count: number = 'many';\nexport default playbook(() => {\n  throw new Error('no site vars');\n});\n`);
    await expect(loadPlaybook(both)).rejects.toThrow(/type errors in the playbook:\n.*both\.ts:2:7: Type 'string' is not assignable to type 'number'/);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
