// Runs the cases' Ansible tasks with the real ansible-core: file cases on the controller (`-c
// local`, several playbooks side by side: Ansible's start-up per task, not the cases, is the
// cost), system cases over SSH on a test host that has python3. Each task's changed/failed comes
// from a callback of ours (ansible-callback/) that prints one JSON line per task.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AnsibleOutcome {
  changed: boolean;
  failed: boolean;
  message: string;
}

/** One task of the playbook: its name (the case id), module and arguments, and a Jinja template when it has one. */
export interface AnsibleTask {
  id: string;
  module: string;
  args: Record<string, unknown>;
  jinja?: string;
}

/** Where the tasks run: on the controller, or on one host of an inventory over SSH. */
export type AnsibleTarget = { local: true } | { inventory: string; host: string };

const CALLBACKS = join(import.meta.dirname, 'ansible-callback');

/** Runs every task once; returns each one's outcome by id. */
export async function runAnsible(tasks: AnsibleTask[], target: AnsibleTarget = { local: true }): Promise<Map<string, AnsibleOutcome>> {
  // Tasks on a remote host run in order, in one playbook: they may share the host's state.
  const parts = 'local' in target ? Math.max(2, availableParallelism()) : 1;
  const chunks = Array.from({ length: parts }, (_, i) => tasks.filter((_, index) => index % parts === i)).filter((chunk) => chunk.length > 0);
  const outcomes = await Promise.all(chunks.map((chunk) => runPlaybook(chunk, target)));
  return new Map(outcomes.flatMap((outcome) => [...outcome]));
}

async function runPlaybook(tasks: AnsibleTask[], target: AnsibleTarget): Promise<Map<string, AnsibleOutcome>> {
  const work = mkdtempSync(join(tmpdir(), 'corectl-ansible-'));
  const play = tasks.map((t) => {
    if (t.jinja !== undefined) writeFileSync(join(work, `${t.id}.j2`), t.jinja);
    const args = t.jinja !== undefined ? { ...t.args, src: join(work, `${t.id}.j2`) } : t.args;
    return { name: t.id, [t.module]: args, ignore_errors: true };
  });
  const local = 'local' in target;
  // JSON is YAML too, and keeps every value the type it has here (no YAML 1.1 surprises).
  writeFileSync(join(work, 'playbook.yml'), JSON.stringify([{ hosts: local ? 'localhost' : target.host, gather_facts: false, become: !local, tasks: play }], null, 1));
  const command = local ? 'umask 022 && exec ansible-playbook -c local -i localhost, playbook.yml' : `exec ansible-playbook -i '${target.inventory}' playbook.yml`;
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('sh', ['-c', command], {
      cwd: work,
      maxBuffer: 256 * 1024 * 1024,
      env: {
        ...process.env, ANSIBLE_STDOUT_CALLBACK: 'corectl_results', ANSIBLE_CALLBACK_PLUGINS: CALLBACKS, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false',
        ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_HOME: join(work, 'home'), ANSIBLE_PIPELINING: 'true', ANSIBLE_HOST_KEY_CHECKING: 'true',
      },
    }, (error, out, err) => (error && !out ? reject(new Error(`ansible-playbook failed: ${err || error.message}`)) : resolve(out)));
  });
  const outcomes = new Map<string, AnsibleOutcome>();
  for (const line of stdout.split('\n').filter((l) => l.startsWith('{'))) {
    const result = JSON.parse(line) as { task: string; changed: boolean; failed: boolean; msg: string };
    outcomes.set(result.task, { changed: result.changed, failed: result.failed, message: result.msg });
  }
  const missing = tasks.filter((t) => !outcomes.has(t.id)).map((t) => t.id);
  if (missing.length > 0) throw new Error(`ansible-playbook reported nothing for ${missing.join(', ')}:\n${stdout.slice(-3000)}`);
  return outcomes;
}
