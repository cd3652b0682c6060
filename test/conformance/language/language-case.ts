// A conformance case for the playbook language (issue 34): one play's tasks as Ansible writes them
// and as corectl does, run from the same start state on the same host, in a real run and in check
// mode. What is compared: every result in order (each loop item by its label, then the task's
// own), and the host's state after.
import type { PlayBuilder } from '../../../src/playbook/dsl.ts';

export interface LanguageCase {
  id: string;
  /** A plain use of Ansible's keyword, or an edge case of ours. */
  source: 'ansible' | 'edge';
  /** Run as root before each pass, on the host and on the delegate: puts them in the case's start state. */
  setup: string;
  /** The play's tasks as Ansible's YAML has them (as JS objects; DELEGATE stands for the second host's name); play vars in `vars`. */
  ansible: Record<string, unknown>[];
  /** The play's handlers as Ansible's YAML has them. */
  ansibleHandlers?: Record<string, unknown>[];
  vars?: Record<string, unknown>;
  /** The same play in corectl; `delegate` is the second host's inventory name (for delegateTo). */
  corectl: (play: PlayBuilder<Record<string, unknown>>, delegate: string) => void;
  /** Run as root after a pass, on the host and on the delegate: prints what is compared. */
  probe: string;
  /** Which passes to compare (both by default). */
  modes?: ('run' | 'check')[];
  /** corectl differs on purpose, and why: the suite asserts that it does differ. */
  deliberate?: string;
  /** The passes the deliberate difference is in (all by default); the others must be identical. */
  deliberateIn?: ('run' | 'check')[];
}

export interface LanguageEvent {
  task: string;
  item?: string;
  status: string;
  /** The host a delegated task ran on. */
  delegate?: string;
}

export const formatEvents = (events: LanguageEvent[]) => events.map((e) => `${e.task}${e.item !== undefined ? `[${e.item}]` : ''}${e.delegate !== undefined ? `->${e.delegate}` : ''}=${e.status}`);

/** Stands for the second host's inventory name in a case's Ansible tasks. */
export const DELEGATE = '@delegate@';
