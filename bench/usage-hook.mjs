// Loaded with --import into a measured corectl process: at exit it writes the process's CPU time,
// peak memory (resourceUsage, maxRSS in KiB) and the most file descriptors it held at once
// (sampled every 100 ms) to $BENCH_USAGE_FILE.
import { readdirSync, writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  let maxFds = 0;
  const sample = () => (maxFds = Math.max(maxFds, readdirSync('/proc/self/fd').length));
  setInterval(sample, 100).unref();
  process.on('exit', () => {
    sample();
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS, maxFds }));
  });
}
