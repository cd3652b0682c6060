// The probe reads most facts with the shell's own `read` from /proc and /sys: run it through this
// machine's real sh and check what it found against what Node finds by other means.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseFacts } from '../../../src/facts/parse-facts.ts';
import { BOOT_ID_FUNCTION, PROBE_SCRIPT } from '../../../src/facts/probe-script.ts';

const sh = (script: string, shell = 'sh') => execFileSync(shell, ['-c', script], { encoding: 'utf8' });

describe('fact probe', () => {
  // Debian's sh is dash; Fedora CoreOS's is bash.
  it.each(['sh', 'bash'])('finds the kernel, architecture, CPUs, memory and boot of this machine (%s)', (shell) => {
    const facts = parseFacts(sh(PROBE_SCRIPT, shell));
    expect(facts.hostname).toBe(readFileSync('/proc/sys/kernel/hostname', 'utf8').trim());
    expect(facts.kernel).toBe(release());
    expect(facts.architecture).toBe(execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim());
    expect(facts.cpus).toBe(cpus().length);
    expect(facts.memoryMb).toBe(Math.round(totalmem() / 1024 / 1024));
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const pid1Start = readFileSync('/proc/1/stat', 'utf8').replace(/^.*\) /s, '').split(' ')[19];
    expect(facts.bootId).toBe(`${bootId}-${pid1Start}`);
    expect(facts.interfaces.map((i) => i.name)).toContain('lo');
  });

  it('reads the boot id past a command name with spaces and parentheses in it', () => {
    // corectl_boot_id skips /proc/1/stat's command name, which may hold anything but ends at the last ')'.
    const fake = '1 (my (odd) init) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 98765 1000 2 18446744073709551615';
    const script = BOOT_ID_FUNCTION.replace('< /proc/1/stat', `<<'EOF'\n${fake}\nEOF\n`);
    expect(sh(`${script}corectl_boot_id`)).toMatch(/^[0-9a-f-]{36}-98765$/);
  });
});
