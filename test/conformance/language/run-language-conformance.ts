// The language conformance procedure: for each case and mode, the start state, then Ansible's play
// (ansible-playbook over SSH, our callback printing every result) and its probe; the start state
// again, then corectl's play and its probe. Results in order and the probes must be the same.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { playbook } from '../../../src/playbook/dsl.ts';
import { runInProcess, type RunTargets } from '../../integration/helpers.ts';
import { DELEGATE, formatEvents, type LanguageCase, type LanguageEvent } from './language-case.ts';

export interface LanguageVerdict {
  id: string;
  mode: 'run' | 'check';
  kind: 'identical' | 'deliberate' | 'different';
  problems: string[];
}

export interface LanguageHost {
  host: string;
  /** A second host, for delegateTo. */
  delegate: string;
  /** Ansible's inventory with both hosts. */
  inventory: string;
  targets: RunTargets;
  /** Runs a script as root on a host, giving its stdout. */
  run: (host: string, script: string) => Promise<string>;
}

const CALLBACKS = join(import.meta.dirname, '..', 'ansible-callback');

async function ansibleEvents(c: LanguageCase, check: boolean, where: LanguageHost): Promise<LanguageEvent[]> {
  const work = mkdtempSync(join(tmpdir(), 'corectl-lang-'));
  // JSON is YAML too, and keeps every value the type it has here.
  const play = JSON.stringify([{ name: c.id, hosts: where.host, gather_facts: false, become: true, ...(c.vars && { vars: c.vars }), tasks: c.ansible, ...(c.ansibleHandlers && { handlers: c.ansibleHandlers }) }], null, 1);
  writeFileSync(join(work, 'playbook.yml'), play.replaceAll(DELEGATE, where.delegate));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('ansible-playbook', ['-i', where.inventory, ...(check ? ['--check'] : []), 'playbook.yml'], {
      cwd: work,
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env, ANSIBLE_STDOUT_CALLBACK: 'corectl_events', ANSIBLE_CALLBACK_PLUGINS: CALLBACKS, ANSIBLE_NOCOLOR: '1',
        ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_HOME: join(work, 'home'), ANSIBLE_PIPELINING: 'true', ANSIBLE_HOST_KEY_CHECKING: 'true',
      },
    }, (error, out, err) => (error && !out ? reject(new Error(`ansible-playbook failed: ${err || error.message}`)) : resolve(out)));
  });
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((line) => {
    const { task, item, status, delegate } = JSON.parse(line) as LanguageEvent;
    return { task, status, ...(item !== undefined && { item }), ...(delegate !== undefined && { delegate }) };
  });
}

async function corectlEvents(c: LanguageCase, check: boolean, where: LanguageHost): Promise<LanguageEvent[]> {
  const pb = playbook((p) => p.play(c.id, { hosts: where.host, become: true, gatherFacts: false, ...(c.vars && { vars: z.looseObject({}).transform((v) => ({ ...v, ...c.vars })) }) }, (play) => c.corectl(play, where.delegate)));
  const run = await runInProcess(pb, c.id, { check, diff: false, forks: 10 }, where.targets);
  return run.finished.map((e) => ({ task: e.task, status: e.result.status, ...(e.item !== undefined && { item: e.item }), ...(e.delegate !== undefined && { delegate: e.delegate }) }));
}

/** One case in one mode, its play on `host` (the delegate's work, if any, on `delegate`); `lane` lists the hosts it may touch. */
async function verdictOf(c: LanguageCase, mode: 'run' | 'check', where: LanguageHost, lane: string[]): Promise<LanguageVerdict> {
  const check = mode === 'check';
  const onLane = async (script: string) => (await Promise.all(lane.map(async (h) => `${h === where.host ? 'host' : 'delegate'}:\n${await where.run(h, script)}`))).join('');
  await onLane(c.setup);
  const theirs = formatEvents(await ansibleEvents(c, check, where));
  const theirState = await onLane(c.probe);
  await onLane(c.setup);
  const ours = formatEvents(await corectlEvents(c, check, where));
  const ourState = await onLane(c.probe);
  const problems = [
    ...(JSON.stringify(theirs) !== JSON.stringify(ours) ? [`results: Ansible ${theirs.join(' ')}; corectl ${ours.join(' ')}`] : []),
    ...(theirState !== ourState ? [`state: Ansible left ${JSON.stringify(theirState)}, corectl ${JSON.stringify(ourState)}`] : []),
  ];
  const deliberate = c.deliberate && (c.deliberateIn ?? ['run', 'check']).includes(mode);
  return { id: c.id, mode, kind: problems.length === 0 ? 'identical' : deliberate ? 'deliberate' : 'different', problems };
}

const passesOf = (c: LanguageCase) => (c.modes ?? (['run', 'check'] as const)).map((mode) => ({ c, mode }));

/**
 * A case that names no delegate touches one host only: those run in two lanes at once, one on
 * each host (each its own "host"), then the delegated ones on both hosts, one at a time.
 */
export async function runLanguageConformance(cases: LanguageCase[], where: LanguageHost): Promise<LanguageVerdict[]> {
  const delegated = (c: LanguageCase) => JSON.stringify(c.ansible).includes(DELEGATE);
  const single = cases.filter((c) => !delegated(c)).flatMap(passesOf);
  const lanes = [where, { ...where, host: where.delegate, delegate: where.host }].map((lane, index) => ({ lane, passes: single.filter((_, i) => i % 2 === index) }));
  const laneVerdicts = await Promise.all(lanes.map(async ({ lane, passes }) => {
    const verdicts: LanguageVerdict[] = [];
    for (const { c, mode } of passes) verdicts.push(await verdictOf(c, mode, lane, [lane.host]));
    return verdicts;
  }));
  const verdicts = laneVerdicts.flat();
  for (const { c, mode } of cases.filter(delegated).flatMap(passesOf)) verdicts.push(await verdictOf(c, mode, where, [where.host, where.delegate]));
  // In the cases' order, as the figures list them.
  const position = new Map(cases.map((c, i) => [c.id, i]));
  return verdicts.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}
