// How a run is asked to behave (from the command line).
export interface RunOptions {
  check: boolean;
  diff: boolean;
  /** Concurrent remote steps across all hosts (Ansible's forks are concurrent hosts). */
  forks: number;
  tags?: string[];
  skipTags?: string[];
  limit?: string;
  /** Set on Ctrl-C: no new task starts. */
  signal?: AbortSignal;
}
