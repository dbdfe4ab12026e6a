// Preloaded into a benchmarked process (`node --import`): on exit, writes the process's peak
// resident set size in KiB (getrusage's ru_maxrss, all threads) and its CPU milliseconds
// (user + system, all threads) to $RASTERDUCK_BENCH_PEAK_RSS, space-separated.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.RASTERDUCK_BENCH_PEAK_RSS;
if (out && isMainThread) process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(out, `${u.maxRSS} ${(u.userCPUTime + u.systemCPUTime) / 1000}`);
});
