// A conformance case: a start state (files, directories, links with their bytes, modes and
// owners), the task as Ansible writes it, and the same task as corectl writes it. Both tools run
// it from the same start state; the suite compares what they leave behind and what they report.
import type { ModuleCall } from '../../src/module-api/define-module.ts';

export type Entry =
  | { type: 'file'; content: string | Buffer; mode?: number; owner?: number; group?: number; mtime?: string }
  | { type: 'dir'; mode?: number; owner?: number; group?: number }
  | { type: 'link'; target: string }
  | { type: 'hardlink'; of: string };

/** Entries by path relative to the case's directory; parents are made as needed (0755). */
export type Tree = Record<string, Entry>;

export interface ConformanceCase {
  id: string;
  /** The Ansible module the case is about (for the figures). */
  module: 'lineinfile' | 'blockinfile' | 'replace' | 'file' | 'copy' | 'template' | 'get_url';
  /** Where the case came from: an Ansible integration target's input, or an edge case of ours. */
  source: 'ansible' | 'edge';
  start: Tree;
  /** Ansible's task: module name and arguments, given the case's directory. */
  ansible: (dir: string) => { module: string; args: Record<string, unknown> };
  /** The Jinja source for Ansible's template module (written next to the playbook). */
  jinja?: string;
  corectl: (dir: string) => ModuleCall;
  /** corectl differs on purpose, and why: the suite asserts that it does differ. */
  deliberate?: string;
  /** Neither tool is idempotent here (times set to "now"), and why. */
  repeats?: string;
  /** Compare modification times too (touch with a fixed time). */
  times?: boolean;
}

export const text = (content: string | Buffer, extra: Partial<Extract<Entry, { type: 'file' }>> = {}): Entry => ({ type: 'file', content, ...extra });
export const dir = (extra: Partial<Extract<Entry, { type: 'dir' }>> = {}): Entry => ({ type: 'dir', ...extra });
export const link = (target: string): Entry => ({ type: 'link', target });
