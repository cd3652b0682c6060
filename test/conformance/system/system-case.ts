// A conformance case for a module that changes the system rather than a file tree: a shell script
// that puts the host in the case's start state (and undoes what either tool did), a probe that
// prints the state to compare, and the task as Ansible and as corectl write it.
import type { ModuleCall } from '../../../src/module-api/define-module.ts';

export interface SystemCase {
  id: string;
  module: 'user' | 'group' | 'systemd' | 'sysctl' | 'authorized_key' | 'mount';
  source: 'ansible' | 'edge';
  /**
   * Run as root before each pass: every case's clean first (what either tool made goes), then every
   * case's setup, so ids the system hands out (uids, gids) come out the same in every pass.
   */
  clean?: string;
  setup: string;
  /** Run after every case's setup: for a state another setup would undo (a unit changed on disk, before anyone's daemon-reload). */
  lateSetup?: string;
  /** Run as root after a pass: prints what is compared. */
  probe: string;
  ansible: { module: string; args: Record<string, unknown> };
  corectl: ModuleCall;
  /** corectl differs on purpose, and why: the suite asserts that it does differ. */
  deliberate?: string;
  /** Neither tool is idempotent here (restarted and reloaded always act), and why. */
  repeats?: string;
  /** What check mode cannot know here, and why (it is listed, not counted as a mismatch). */
  checkCannotKnow?: string;
}
