// `npm run bench:live`: what the live view costs the controller at fleet scale, without a fleet.
// A no-change run's events for N hosts and 29 tasks, 50 hosts under way at a time, paced over
// --seconds, go through the live reporter into a pseudo-terminal; it prints the CPU the process
// spent, its peak memory and the largest gap between two timer ticks (how responsive it stayed).
//   npm run bench:live -- [--hosts 1000] [--seconds 20]
import { parseArgs } from 'node:util';
import { emptyCounts, type RunEvent } from '../src/executor/events.ts';
import { startLiveReporter } from '../src/report/ui/live-reporter.tsx';

const { values } = parseArgs({ options: { hosts: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '20' } } });
const HOSTS = Number(values.hosts);
const TASKS = 29;
const FORKS = 50;
const hosts = Array.from({ length: HOSTS }, (_, i) => `scale-node${i + 1}`);
const tasks = Array.from({ length: TASKS }, (_, i) => `task ${i + 1}`);

const events: RunEvent[] = [
  { kind: 'run-started', playbook: 'site.ts', check: false, diff: false, plan: [{ play: 'Workload', hosts, tasks }] },
  { kind: 'play-started', play: 'Workload', hosts, tasks: TASKS },
];
for (let batch = 0; batch < HOSTS; batch += FORKS) {
  for (const task of tasks) {
    for (const host of hosts.slice(batch, batch + FORKS)) {
      events.push({ kind: 'task-started', host, task, module: 'file', handler: false });
      events.push({ kind: 'task-finished', host, task, module: 'file', target: '/etc/x', handler: false, result: { status: 'ok', changed: false, failed: false }, ignored: false, sensitive: false, durationMs: 3 });
    }
  }
}
events.push({ kind: 'run-finished', recap: Object.fromEntries(hosts.map((h) => [h, { ...emptyCounts(), ok: TASKS }])), rebootRequired: {}, notRun: {}, durationMs: 1, connections: HOSTS, channels: HOSTS });

const reporter = startLiveReporter({ diff: false, onStop: () => {}, write: () => {} });
const started = process.cpuUsage();
const perTick = Math.ceil(events.length / ((Number(values.seconds) * 1000) / 10));
let maxGap = 0;
let last = performance.now();
for (let i = 0; i < events.length; i += perTick) {
  for (const event of events.slice(i, i + perTick)) reporter.emit(event);
  await new Promise((resolve) => setTimeout(resolve, 10));
  const now = performance.now();
  maxGap = Math.max(maxGap, now - last - 10);
  last = now;
}
await reporter.finish();
const cpu = process.cpuUsage(started);
process.stderr.write(`${HOSTS} hosts, ${events.length} events: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, longest stall ${maxGap.toFixed(0)} ms\n`);
