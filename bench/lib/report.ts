/** The line every benchmark prints, and the JSON it keeps in bench/results/. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** One measured case: both sides' median wall time, requests and bytes. */
export interface BenchRow {
  readonly case: string;
  readonly rasterduckMs: number;
  readonly referenceMs?: number;
  readonly requests: number;
  readonly bytes: number;
  readonly referenceRequests?: number;
  readonly referenceBytes?: number;
  /** The lower bound where one exists: round trips x latency + bytes / bandwidth. */
  readonly floorMs?: number;
  /** Median CPU milliseconds (user + system, every thread) of each side's process, and of the file server while serving it. */
  readonly rasterduckCpuMs?: number;
  readonly referenceCpuMs?: number;
  readonly serverCpuMs?: number;
  readonly referenceServerCpuMs?: number;
  readonly note?: string;
}

/** One pipeline step measured at one area (mosaic-memory): what report.ts judges flatness by. */
export interface StepPoint {
  readonly step: string;
  /** Area relative to the smallest run (1, 4, 16). */
  readonly area: number;
  readonly ms: number;
  readonly peakRssMb: number;
  /** vectorize only: polygons written. */
  readonly polygons?: number;
}

/** One timed pass of one side: wall milliseconds, and the requests and bytes the server saw. */
export interface TimedPass {
  readonly ms: number;
  readonly cpuMs?: number;
  readonly serverCpuMs?: number;
  readonly requests?: number;
  readonly bytes?: number;
}

/**
 * A row comparing both sides' passes of one case: median times, the first pass's requests
 * and bytes (they do not vary between passes), and whatever else the benchmark adds.
 */
export function sideBySide(name: string, ours: readonly TimedPass[], theirs: readonly TimedPass[] | undefined, extra: Partial<BenchRow> = {}): BenchRow {
  return {
    case: name,
    rasterduckMs: median(ours.map((r) => r.ms)),
    referenceMs: theirs?.length ? median(theirs.map((r) => r.ms)) : undefined,
    requests: ours[0].requests ?? 0,
    bytes: ours[0].bytes ?? 0,
    referenceRequests: theirs?.[0]?.requests,
    referenceBytes: theirs?.[0]?.bytes,
    rasterduckCpuMs: medianOf(ours, (r) => r.cpuMs),
    referenceCpuMs: theirs && medianOf(theirs, (r) => r.cpuMs),
    serverCpuMs: medianOf(ours, (r) => r.serverCpuMs),
    referenceServerCpuMs: theirs && medianOf(theirs, (r) => r.serverCpuMs),
    ...extra,
  };
}

/** The median of a measure the passes may lack (undefined when none has it). */
function medianOf(passes: readonly TimedPass[], of: (p: TimedPass) => number | undefined): number | undefined {
  const values = passes.map(of).filter((v): v is number => v !== undefined && Number.isFinite(v));
  return values.length ? median(values) : undefined;
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '-' : n.toFixed(digits));
const secs = (ms: number | undefined) => (ms === undefined ? '-' : (ms / 1000).toFixed(2));

/** Prints rows as `case | rasterduck ms | rasterio ms | ratio | requests | bytes` markdown. */
export function printRows(title: string, rows: readonly BenchRow[]): void {
  process.stdout.write([`\n### ${title}\n`, ...rowsTable(rows)].join('\n') + '\n');
}

/** The markdown table lines printRows prints, for the report. */
export function rowsTable(rows: readonly BenchRow[]): string[] {
  return [
    '| case | rasterduck ms | rasterio ms | ratio | CPU s (rd / rio) | server CPU s (rd / rio) | requests (rd / rio) | bytes (rd / rio) | floor ms |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      `| ${r.case} | ${fmt(r.rasterduckMs)} | ${fmt(r.referenceMs)} | ${r.referenceMs ? `${(r.referenceMs / r.rasterduckMs).toFixed(1)}x` : '-'} | ` +
      `${secs(r.rasterduckCpuMs)} / ${secs(r.referenceCpuMs)} | ${secs(r.serverCpuMs)} / ${secs(r.referenceServerCpuMs)} | ` +
      `${r.requests} / ${fmt(r.referenceRequests)} | ${r.bytes} / ${fmt(r.referenceBytes)} | ${fmt(r.floorMs)} |`),
  ];
}

/** Writes the rows to bench/results/<name>.json, atomically. */
export function saveRows(name: string, rows: readonly BenchRow[], extra: Record<string, unknown> = {}): string {
  // RASTERDUCK_BENCH_RESULTS sends --quick runs (the test suite's) away from the committed results
  const dir = path.resolve(process.env.RASTERDUCK_BENCH_RESULTS ?? path.join('bench', 'results'));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify({ name, date: new Date().toISOString(), rows, ...extra }, null, 2));
  renameSync(`${file}.tmp`, file);
  return file;
}
