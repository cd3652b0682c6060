// Three projects: `unit` (pure logic, no hosts), `own-hosts` (the suites that boot hosts of their
// own) and `integration` (real test hosts, started once per run by the global setup).
// Integration files run one at a time: they share the hosts.
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vitest/config';

// Remote shell lives in .sh files imported as text, as esbuild's text loader does for the engine.
const shellSourceAsText: Plugin = {
  name: 'corectl-shell-source-as-text',
  load(id) {
    return id.endsWith('.sh') ? `export default ${JSON.stringify(readFileSync(id, 'utf8'))};` : undefined;
  },
};

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one worker on a two-core CI machine,
    // where the unit files then ran one after another (546 s). The integration files still run
    // one at a time (fileParallelism: false), and after the unit files: Vitest runs a serial
    // project in a group of its own.
    maxWorkers: 2,
    projects: [
      {
        plugins: [shellSourceAsText],
        test: {
          name: 'unit',
          // Conformance that needs no test host (Ansible, ansible-inventory and ssh on the
          // controller) runs here, on two workers rather than in the one-at-a-time integration lane.
          include: ['test/unit/**/*.test.{ts,tsx}', 'test/conformance/local/**/*.test.ts', 'test/conformance/inventory/**/*.test.ts'],
          globalSetup: ['test/engine-setup.ts'],
          // Some unit tests start the real CLI (type-checking a playbook, scrypt through `age`);
          // files run in parallel on two cores, so 5 s is too tight on a loaded CI machine.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [shellSourceAsText],
        test: {
          name: 'own-hosts',
          // Suites that boot test hosts of their own (the system modules against Ansible, the
          // many-hosts faults, first boot from Ignition) share nothing with the integration files:
          // they run beside the unit files, in the parallel group, instead of in the one-at-a-time
          // lane; clusters booting at once take different subnets (test/hosts/network.ts). (The
          // file modules' suite stays in the lane: its Ansible runs on the controller, and beside
          // the unit files it slowed both down.)
          include: ['test/conformance/system-modules.test.ts', 'test/faults/many-hosts.test.ts', 'test/integration/first-boot.test.ts'],
          globalSetup: ['test/engine-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {
        plugins: [shellSourceAsText],
        test: {
          name: 'integration',
          // The fault suite runs on the same hosts, one file at a time like the rest.
          include: ['test/integration/**/*.test.ts', 'test/faults/**/*.test.ts', 'test/conformance/**/*.test.ts'],
          exclude: ['test/conformance/local/**', 'test/conformance/inventory/**', 'test/conformance/system-modules.test.ts', 'test/faults/many-hosts.test.ts', 'test/integration/first-boot.test.ts'],
          globalSetup: ['test/engine-setup.ts', 'test/hosts/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
