// Module options built to escape: quotes, $(), backticks, newlines, ;, &&, leading dashes, globs,
// unicode. A name or path either passes a module's schema as something that cannot be an option,
// a second word or a path outside its place, or is refused with a message that says what is wrong.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModuleCall } from '../../../src/module-api/define-module.ts';
import { scriptOnStdin } from '../../../src/connection/script-on-stdin.ts';
import { quote } from '../../../src/connection/shell-quote.ts';
import { absent, directory, file, group, lineInFile, podman, rpmOstree, symlink, sysctl, systemd, timezone, user } from '../../../modules/index.ts';

const hostile = fc.string({
  unit: fc.constantFrom("'", '"', '$', '(', ')', '`', '\\', '\n', ';', '&', '|', '*', '?', '[', ']', '-', '-', '.', '/', ' ', 'a', 'Z', '0', '_', 'é', '😀', '\t', '~', '!', '#', '{', '}', '<', '>', '=', '%', ':', '@'),
  minLength: 1,
  maxLength: 24,
});

/** The option after the module's schema, or the refusal's message. */
function parse(call: (options: never) => ModuleCall, options: Record<string, unknown>): { value?: Record<string, unknown>; refused?: string } {
  const result = call({} as never).definition.schema.safeParse(options);
  return result.success ? { value: result.data as Record<string, unknown> } : { refused: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

describe('hostile module options', () => {
  it('account names (users, groups, owners) are plain words or refused', () => {
    fc.assert(fc.property(hostile, (name) => {
      for (const [call, options] of [[user, { name }], [user, { name: 'ops', groups: [name] }], [group, { name }], [file, { path: '/x', content: '', owner: name }], [directory, { path: '/x', group: name }]] as const) {
        const { value, refused } = parse(call as never, options);
        if (refused) expect(refused).toMatch(/must be a user or group name/);
        else expect(name).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/);
        expect(value === undefined || !name.startsWith('-')).toBe(true);
      }
    }), { numRuns: 300 });
  });

  it('a login shell cannot add a field or a line to /etc/passwd', () => {
    expect(parse(user as never, { name: 'ops', shell: '/bin/sh\nroot::0:0::/:/bin/sh' }).refused).toMatch(/shell: must be an absolute path without whitespace or ":"/);
    expect(parse(user as never, { name: 'ops', shell: '/bin/sh:x' }).refused).toMatch(/shell/);
    expect(parse(user as never, { name: 'ops', shell: '/bin/bash' }).refused).toBeUndefined();
  });

  it('unit names can be neither an option nor a path', () => {
    fc.assert(fc.property(hostile, (unit) => {
      const { refused } = parse(systemd as never, { unit, state: 'started' });
      if (refused) return;
      expect(unit.startsWith('-')).toBe(false);
      expect(unit).not.toMatch(/[/\s'"$`;&|*?<>]/);
      expect(['.', '..']).not.toContain(unit);
    }), { numRuns: 300 });
    expect(parse(systemd as never, { unit: '../../../etc/passwd', content: 'x' }).refused).toMatch(/must be a unit name/);
    expect(parse(systemd as never, { unit: '..', content: 'x' }).refused).toMatch(/not "\." or "\.\."/);
    expect(parse(systemd as never, { unit: '--root=/tmp', state: 'started' }).refused).toMatch(/not starting with "-"/);
  });

  it('a remote source is an absolute path on the host', () => {
    expect(parse(file as never, { path: '/etc/x', src: 'files/x', remoteSrc: true }).refused).toBe('remoteSrc: remoteSrc needs src, an absolute path on the host');
    expect(parse(file as never, { path: '/etc/x', remoteSrc: true }).refused).toBe('remoteSrc: remoteSrc needs src, an absolute path on the host');
    expect(parse(file as never, { path: '/etc/x', src: '/usr/share/x', remoteSrc: true }).value).toMatchObject({ src: '/usr/share/x', remoteSrc: true });
  });

  it('paths are absolute and never climb out with ..', () => {
    fc.assert(fc.property(hostile, (tail) => {
      for (const path of [tail, `/srv/${tail}`]) {
        const { refused } = parse(file as never, { path, content: '' });
        if (refused) expect(refused).toMatch(/absolute path|"\.\." components/);
        else expect(path.startsWith('/') && !path.split('/').includes('..')).toBe(true);
      }
    }), { numRuns: 300 });
  });

  it('time zone names stay under /usr/share/zoneinfo and are no option', () => {
    fc.assert(fc.property(hostile, (name) => {
      const { refused } = parse(timezone as never, { name });
      if (refused) expect(refused).toMatch(/zone name like Europe\/Paris/);
      else expect(name.split('/').every((part) => /^[A-Za-z0-9_+-]+$/.test(part) && part !== '.' && part !== '..')).toBe(true);
    }), { numRuns: 300 });
    for (const name of ['../../etc/shadow', 'Europe/../../x', '/Europe/Paris', 'Europe/', '.', '-x y']) expect(parse(timezone as never, { name }).refused, name).toMatch(/zone name/);
    expect(parse(timezone as never, { name: 'America/Argentina/Buenos_Aires' }).refused).toBeUndefined();
    expect(parse(timezone as never, {}).refused).toMatch(/give name, hwclock or both/);
    expect(parse(timezone as never, { rtc: 'local' }).refused).toMatch(/`rtc` is Ansible's name; corectl calls it `hwclock`/);
  });

  it('absent refuses system directories however the path is spelled', () => {
    for (const path of ['/', '//', '/etc', '//etc', '/etc/', '/etc/.', '/usr//', '/./var']) {
      expect(parse(absent as never, { path }).refused, path).toMatch(/refusing to remove a top-level system directory/);
    }
    expect(parse(absent as never, { path: '/etc/old.conf' }).refused).toBeUndefined();
  });

  it('values written into line-based files stay one line', () => {
    fc.assert(fc.property(hostile, (text) => {
      const sysctlValue = parse(sysctl as never, { name: 'net.core.somaxconn', value: text });
      const line = parse(lineInFile as never, { path: '/etc/x', line: text });
      if (/[\n\r]/.test(text)) expect(sysctlValue.refused).toMatch(/one line/);
      else if (text.trim() === '') expect(sysctlValue.refused).toMatch(/blank/);
      else expect(sysctlValue.refused).toBeUndefined();
      if (/[\n]/.test(text)) expect(line.refused).toMatch(/single line/);
      else expect(line.refused).toBeUndefined();
    }), { numRuns: 300 });
  });

  it('podman names, packages and kernel arguments can never be read as options', () => {
    fc.assert(fc.property(hostile, (word) => {
      const checks = [
        parse(podman.container as never, { name: word, image: 'registry.example.net/app:1' }),
        parse(podman.network as never, { name: word }),
        parse(rpmOstree.packages as never, { present: [word] }),
        parse(rpmOstree.kargs as never, { present: [word] }),
      ];
      for (const { refused } of checks) if (!refused) expect(word.startsWith('-') || /\s/.test(word)).toBe(false);
    }), { numRuns: 300 });
  });

  it('symlink targets and file contents are taken as they are, whatever they hold', () => {
    fc.assert(fc.property(hostile, (text) => {
      expect(parse(symlink as never, { path: '/srv/link', target: text }).value?.target).toBe(text);
      expect(parse(file as never, { path: '/srv/f', content: text }).value?.content).toBe(text);
    }), { numRuns: 100 });
  });

  it('exec-channel commands arrive on stdin exactly, ahead of the command\'s own input', () => {
    fc.assert(fc.property(hostile, fc.string({ maxLength: 40 }), (value, input) => {
      const script = `printf '%s' ${quote(value)}; printf '|'; cat`;
      const { command, stdin } = scriptOnStdin(script, input);
      // The command line holds only a byte count: nothing of the script shows in a process list.
      expect(command).toMatch(/^eval "\$\(head -c \d+\)"$/);
      expect(execFileSync('sh', ['-c', command], { input: stdin }).toString('utf8')).toBe(`${value}|${input}`);
    }), { numRuns: 150 });
  });
});
