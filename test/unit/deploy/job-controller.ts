// The Job controller's decisions for an Indexed Job whose pods run once (restartPolicy: Never), as
// Kubernetes documents them (concepts/workloads/controllers/job: "Pod backoff failure policy",
// "Backoff limit per index", "Job termination and cleanup"), for the questions the sharded drift
// check depends on: when is the Job marked failed, and which running pods does that end?
//
// - Without backoffLimitPerIndex: every failed pod counts against backoffLimit (default 6); once
//   the count exceeds it, the Job fails and "all running Pods are terminated".
// - With backoffLimitPerIndex: an index fails once its pod failures exceed it (no retry at 0) and the
//   others go on; only when failed indexes exceed maxFailedIndexes is the whole Job failed at once
//   (running pods terminated). Otherwise the Job is marked failed (FailedIndexes) when every index
//   has ended, and nothing was cut short.
// - activeDeadlineSeconds ends every running pod when it passes.
// Retries are not simulated (backoffLimitPerIndex 0 / restartPolicy Never: one pod per index).

export interface JobSpecLike {
  completions: number;
  backoffLimit?: number;
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  activeDeadlineSeconds?: number;
}

/** One index's pod: when it would end (seconds from the Job's start) and with what exit code. */
export interface PodRun {
  index: number;
  endsAt: number;
  exitCode: number;
}

export interface JobVerdict {
  condition: 'Complete' | 'Failed';
  /** When the Job got its condition. */
  at: number;
  /** Indexes whose pod was still running when the Job failed, and was ended by the controller. */
  terminated: number[];
}

export function simulateIndexedJob(spec: JobSpecLike, pods: PodRun[]): JobVerdict {
  const perIndex = spec.backoffLimitPerIndex !== undefined;
  const backoffLimit = spec.backoffLimit ?? (perIndex ? 2_147_483_647 : 6);
  const ordered = [...pods].sort((a, b) => a.endsAt - b.endsAt);
  const running = new Set(pods.map((p) => p.index));
  let failedPods = 0;
  const failedIndexes = new Set<number>();
  const failNow = (at: number): JobVerdict => ({ condition: 'Failed', at, terminated: [...running].sort((a, b) => a - b) });
  for (const pod of ordered) {
    if (spec.activeDeadlineSeconds !== undefined && pod.endsAt > spec.activeDeadlineSeconds) return failNow(spec.activeDeadlineSeconds);
    running.delete(pod.index);
    if (pod.exitCode === 0) continue;
    failedPods++;
    if (perIndex) {
      // With no retries left for the index (0 here), its first failure fails it.
      failedIndexes.add(pod.index);
      if (spec.maxFailedIndexes !== undefined && failedIndexes.size > spec.maxFailedIndexes) return failNow(pod.endsAt);
    }
    if (failedPods > backoffLimit) return failNow(pod.endsAt);
  }
  const last = ordered.at(-1)?.endsAt ?? 0;
  return { condition: failedIndexes.size > 0 ? 'Failed' : 'Complete', at: last, terminated: [] };
}
