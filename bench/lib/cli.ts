/**
 * The rasterduck side of a cold benchmark: the CLI (`node dist/cli/main.js -json -c SQL`)
 * as a fresh process, timed from spawn to exit, with its peak RSS (bench/lib/peak-rss.mjs)
 * and, on request, V8 CPU profiles of every thread (`--cpu-prof`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { printProfiles, summariseDir, type ThreadProfile } from './profile.js';

const CLI = path.resolve('dist/cli/main.js');
const PEAK_RSS = pathToFileURL(path.resolve('bench/lib/peak-rss.mjs')).href;

/** One CLI run: wall milliseconds (spawn to exit), CPU milliseconds of every thread, peak RSS in MiB, the JSON rows it printed. */
export interface CliRun<T> {
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly rows: T[];
}

/**
 * Runs `sql` (one or more statements; the last one's rows are returned) in a fresh CLI
 * process, with `nodeArgs` given to node. With `profileDir`, node writes a .cpuprofile
 * per thread there.
 * @throws Error with the CLI's stderr when it exits non-zero.
 */
export function runCli<T>(sql: string, profileDir?: string, nodeArgs: readonly string[] = []): CliRun<T> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'rd-bench-'));
  const rssFile = path.join(scratch, 'peak-rss');
  const prof = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', PEAK_RSS, ...nodeArgs, ...prof, CLI, '-json', '-c', sql], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, RASTERDUCK_BENCH_PEAK_RSS: rssFile },
  });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`rasterduck failed (${r.status}): ${r.stderr || r.error?.message}`);
  const [maxRss, cpuMs] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
  const peakRssMb = maxRss / 1024;
  rmSync(scratch, { recursive: true, force: true });
  // -json prints one array per statement that returns rows; the last is the query's
  const arrays = r.stdout.trim().split(/\n(?=\[)/).filter((a) => a !== '');
  return { ms, cpuMs, peakRssMb, rows: arrays.length ? (JSON.parse(arrays[arrays.length - 1]) as T[]) : [] };
}

/**
 * Runs `sql` once more in a fresh CLI with V8 CPU profiles of every thread written to
 * `dir` (emptied first), prints where the time went and returns the summary.
 */
export function profileCli(dir: string, sql: string, title: string): ThreadProfile[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  runCli(sql, dir);
  const profile = summariseDir(dir);
  printProfiles(`rasterduck CLI, ${title} (${dir})`, profile);
  return profile;
}
