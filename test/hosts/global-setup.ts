// Starts the integration suite's test hosts once per run (three nodes and one host behind the
// first) and hands their inventory to the tests through vitest's provide/inject.
import 'vitest';
import type { TestProject } from 'vitest/node';
import { startCluster, type TestCluster } from './cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: Omit<TestCluster, 'stop'>;
  }
}

let cluster: TestCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  // The second node is shaped like Fedora CoreOS (bash as /bin/sh, gawk): tests that run on every
  // node run on both shapes, and module tests run on node1 and node2 by name.
  cluster = await startCluster({ name: 'test', hosts: 3, bastion: true, coreos: [1], log: (line) => console.log(`[test hosts] ${line}`) });
  const { stop: _stop, ...data } = cluster;
  project.provide('cluster', data);
}

export async function teardown(): Promise<void> {
  // CORECTL_TEST_KEEP_HOSTS=1 leaves the hosts up to look at after a failure (the next run replaces them).
  if (process.env.CORECTL_TEST_KEEP_HOSTS !== '1') await cluster?.stop();
}
