// Runs the cases' Ansible tasks with the real ansible-core on the controller (`-c local`), all of
// them in one playbook (Ansible's start-up, not the cases, is the cost), and reads each task's
// changed/failed from a callback of ours (ansible-callback/) that prints one JSON line per task.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConformanceCase } from './conformance-case.ts';
import { caseDir } from './file-tree.ts';

export interface AnsibleOutcome {
  changed: boolean;
  failed: boolean;
  message: string;
}

const CALLBACKS = join(import.meta.dirname, 'ansible-callback');

/**
 * Runs every case's task once; returns each case's outcome by id. Ansible spends most of a task
 * starting Python for its module: the cases are shared among a few playbooks run side by side.
 */
export async function runAnsible(cases: ConformanceCase[]): Promise<Map<string, AnsibleOutcome>> {
  const parts = Math.max(2, availableParallelism());
  const chunks = Array.from({ length: parts }, (_, i) => cases.filter((_, index) => index % parts === i)).filter((chunk) => chunk.length > 0);
  const outcomes = await Promise.all(chunks.map(runPlaybook));
  return new Map(outcomes.flatMap((outcome) => [...outcome]));
}

async function runPlaybook(cases: ConformanceCase[]): Promise<Map<string, AnsibleOutcome>> {
  const work = mkdtempSync(join(tmpdir(), 'corectl-ansible-'));
  const tasks = cases.map((c) => {
    const { module, args } = c.ansible(caseDir(c.id));
    if (c.jinja !== undefined) writeFileSync(join(work, `${c.id}.j2`), c.jinja);
    const withSource = c.jinja !== undefined ? { ...args, src: join(work, `${c.id}.j2`) } : args;
    return { name: c.id, [module]: withSource, ignore_errors: true };
  });
  // JSON is YAML too, and keeps every value the type it has here (no YAML 1.1 surprises).
  writeFileSync(join(work, 'playbook.yml'), JSON.stringify([{ hosts: 'localhost', gather_facts: false, tasks }], null, 1));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      'sh',
      ['-c', 'umask 022 && exec ansible-playbook -c local -i localhost, playbook.yml'],
      {
        cwd: work,
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'corectl_results', ANSIBLE_CALLBACK_PLUGINS: CALLBACKS, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_HOME: join(work, 'home') },
      },
      (error, out, err) => (error && !out ? reject(new Error(`ansible-playbook failed: ${err || error.message}`)) : resolve(out)),
    );
  });
  const outcomes = new Map<string, AnsibleOutcome>();
  for (const line of stdout.split('\n').filter((l) => l.startsWith('{'))) {
    const result = JSON.parse(line) as { task: string; changed: boolean; failed: boolean; msg: string };
    outcomes.set(result.task, { changed: result.changed, failed: result.failed, message: result.msg });
  }
  const missing = cases.filter((c) => !outcomes.has(c.id)).map((c) => c.id);
  if (missing.length > 0) throw new Error(`ansible-playbook reported nothing for ${missing.join(', ')}:\n${stdout.slice(-2000)}`);
  return outcomes;
}
