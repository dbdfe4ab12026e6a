/**
 * scale: the cold-chips workload at 10, 100, 1,000, 2,048 (one DuckDB chunk) and 10,000 chips (chip k over scene
 * k mod 100 of the same 100 COGs, each at its own random spot), rasterduck from the
 * collection in a fresh CLI process per run: wall time and peak RSS (getrusage, all
 * threads). Time should grow linearly with the chips and peak memory stay flat once a
 * DuckDB chunk (2048 rows) is full. rasterio (open + mask in a thread pool) runs beside
 * it up to --reference-max chips, as the cold-chips reference.
 * Usage: tsx bench/scale.ts [--quick] [--files F] [--latency MS] [--runs N] [--threads T] [--reference-max N]
 */
import { loadavg } from 'node:os';
import path from 'node:path';
import { startFileServer } from '../src/io/file-server-process.js';
import { benchArgs } from './lib/args.js';
import { buildCollection, chipWorkload, collectionTotalsSql } from './lib/chip-workload.js';
import { runCli } from './lib/cli.js';
import { gdalCogs } from './lib/data.js';
import { hasRasterio, TUNED_GDAL_ENV } from './lib/gdal.js';
import { referencePasses, type Pass } from './lib/reference-passes.js';
import { median, printRows, saveRows, type BenchRow } from './lib/report.js';
import { servedBy } from './lib/server-counts.js';

const args = benchArgs(process.argv.slice(2), { files: 100, size: 2048, noise: 40, latency: 25, runs: 5, threads: 32, 'reference-max': 1000 });
// 2048 = one full DuckDB chunk, one wave: peak memory beyond it should stay where it is
const sizes = args.quick ? [10, 100] : [10, 100, 1000, 2048, 10000];
const files = args.quick ? 10 : args.files;
const IN_FLIGHT = 64; // rasterduck's default request concurrency (src/io/limiter.ts)
const loadBefore = loadavg();

// keyed by size: make_cogs.py skips files that exist, whatever size they were made at
const dir = gdalCogs(`chips-${args.size}`, files, args.size, args.noise);
const server = await startFileServer(dir, args.latency);
buildCollection(chipWorkload(dir, server.url, files, 1, args.size));

interface Point { chips: number; ms: number; peakRssMb: number; requests: number; bytes: number; pixels: number }
type Totals = { chips: number; pixels: number; total: number };
type Answer = { ms: number; peakRssMb: number; chips: [number, number][] };

const rows: BenchRow[] = [];
const points: { chips: number; rasterduck: Point[]; rasterio: Pass<Answer>[] }[] = [];
for (const n of sizes) {
  const w = chipWorkload(dir, server.url, files, n, args.size, 6 + n);
  const ours: Point[] = [];
  const theirs: Pass<Answer>[] = [];
  for (let i = 0; i < args.runs; i++) {
    const { value: r, served: s } = await servedBy(server, () => runCli<Totals>(collectionTotalsSql(w)));
    const [t] = r.rows;
    if (Number(t.chips) !== n) throw new Error(`rasterduck returned ${t.chips} chips, expected ${n}`);
    ours.push({ chips: n, ms: r.ms, peakRssMb: r.peakRssMb, requests: s.requests, bytes: s.bytes, pixels: Number(t.pixels) });
    process.stderr.write(`scale: ${n} chips, run ${i + 1}: ${r.ms.toFixed(0)} ms, peak RSS ${r.peakRssMb.toFixed(0)} MiB\n`);
    if (hasRasterio() && n <= args['reference-max']) {
      theirs.push(...await referencePasses<Answer>(server, path.resolve('bench/reference/read_chips.py'), [w.tasksJson, String(args.threads)], TUNED_GDAL_ENV, 1));
    }
  }
  points.push({ chips: n, rasterduck: ours, rasterio: theirs });
  const rss = median(ours.map((p) => p.peakRssMb));
  const pixelsTheirs = theirs[0]?.answer.chips.reduce((sum, c) => sum + c[0], 0);
  rows.push({
    case: `${n} chips over ${Math.min(n, files)} COGs`,
    rasterduckMs: median(ours.map((p) => p.ms)),
    referenceMs: theirs.length ? median(theirs.map((p) => p.ms)) : undefined,
    requests: ours[0].requests,
    bytes: ours[0].bytes,
    referenceRequests: theirs[0]?.requests,
    referenceBytes: theirs[0]?.bytes,
    floorMs: Math.ceil(ours[0].requests / IN_FLIGHT) * args.latency,
    note: `peak RSS ${rss.toFixed(0)} MiB` + (theirs.length ? ` (rasterio ${median(theirs.map((p) => p.answer.peakRssMb)).toFixed(0)} MiB)` : '') +
      `; ${(median(ours.map((p) => p.ms)) / n).toFixed(2)} ms per chip` + (pixelsTheirs !== undefined && pixelsTheirs !== ours[0].pixels ? `; PIXEL COUNTS DIFFER: ${ours[0].pixels} vs ${pixelsTheirs}` : ''),
  });
}
await server.stop();

printRows(`scale: cold-chips at ${sizes.join(', ')} chips, fresh process per run, ${args.latency} ms per request`, rows);
for (const r of rows) process.stdout.write(`${r.case}: ${r.note}\n`);
// linear time: the cost of each further chip, between successive sizes
for (let i = 1; i < rows.length; i++) {
  const dChips = points[i].chips - points[i - 1].chips;
  process.stdout.write(`${points[i - 1].chips} -> ${points[i].chips}: ${((rows[i].rasterduckMs - rows[i - 1].rasterduckMs) / dChips).toFixed(2)} ms per further chip\n`);
}
saveRows('scale', rows, {
  args: { ...args, files },
  points: points.map((p) => ({
    chips: p.chips,
    ms: median(p.rasterduck.map((x) => x.ms)),
    peakRssMb: median(p.rasterduck.map((x) => x.peakRssMb)),
    referenceMs: p.rasterio.length ? median(p.rasterio.map((x) => x.ms)) : undefined,
    referencePeakRssMb: p.rasterio.length ? median(p.rasterio.map((x) => x.answer.peakRssMb)) : undefined,
  })),
  loadAverage: { before: loadBefore, after: loadavg() },
});
