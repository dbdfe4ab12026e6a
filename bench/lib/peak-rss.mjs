// Preloaded into a benchmarked process (`node --import`): on exit, writes the process's peak
// resident set size in KiB (getrusage's ru_maxrss, all threads) to $RASTERDUCK_BENCH_PEAK_RSS.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.RASTERDUCK_BENCH_PEAK_RSS;
if (out && isMainThread) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
