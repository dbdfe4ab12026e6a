/**
 * cold-chips: N field polygons (~64 x 64 px, random spots) over F different GDAL COGs
 * (Sentinel-2-like: 2048 x 2048 uint16, DEFLATE + predictor 2, 512-px tiles, overviews),
 * served with a fixed delay per request. rasterduck reads them in a fresh CLI process from
 * a collection built beforehand (cog_metadata cached in Parquet: the index is the
 * dataset), and from the URLs (header, then tiles); rasterio opens each file and runs
 * rasterio.mask.mask in a thread pool, GDAL tuned for cloud reads. Cold = a fresh process
 * per run on each side, its start-up included; warm = a second pass in one process.
 * Both sides' chips are compared (count and sum of valid pixels).
 * Usage: tsx bench/cold-chips.ts [--quick] [--chips N] [--files F] [--latency MS] [--runs N] [--threads T] [--profile]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { connect } from '../src/index.js';
import { startFileServer } from '../src/io/file-server-process.js';
import { benchArgs } from './lib/args.js';
import { agreement, buildCollection, chipWorkload, collectionSql, urlSql, type ChipSummary } from './lib/chip-workload.js';
import { profileCli, runCli } from './lib/cli.js';
import { DATA_DIR, gdalCogs } from './lib/data.js';
import { hasRasterio, PYTHON, TUNED_GDAL_ENV } from './lib/gdal.js';
import type { ThreadProfile } from './lib/profile.js';
import { referencePasses, type Pass } from './lib/reference-passes.js';
import { median, printRows, saveRows, sideBySide, type BenchRow } from './lib/report.js';
import { servedBy, warmRuns } from './lib/server-counts.js';

const args = benchArgs(process.argv.slice(2), { chips: 100, files: 100, size: 2048, noise: 40, latency: 25, runs: 5, threads: 32 });
const chips = args.quick ? 10 : args.chips;
const files = args.quick ? 10 : args.files;
const IN_FLIGHT = 64; // rasterduck's default request concurrency (src/io/limiter.ts)
const loadBefore = loadavg();

// keyed by size: make_cogs.py skips files that exist, whatever size they were made at
const dir = gdalCogs(`chips-${args.size}`, files, args.size, args.noise);
const server = await startFileServer(dir, args.latency);
const w = chipWorkload(dir, server.url, files, chips, args.size);
const built = buildCollection(w);

type ChipRow = { chip_id: number; count: number | null; sum: number | null };
interface Run { ms: number; cpuMs?: number; requests: number; bytes: number; serverCpuMs?: number; rows?: ChipRow[] }

async function cli(sql: string): Promise<Run> {
  const { value: r, served } = await servedBy(server, () => runCli<ChipRow>(sql));
  return { ms: r.ms, cpuMs: r.cpuMs, ...served, rows: r.rows };
}

function pythonStartMs(): number {
  const start = performance.now();
  spawnSync(PYTHON, ['-c', 'import rasterio, rasterio.mask'], { env: { ...process.env, ...TUNED_GDAL_ENV } });
  return performance.now() - start;
}

const withRasterio = hasRasterio();
const fromCollection: Run[] = [];
const fromUrls: Run[] = [];
const rioCold: Pass<{ ms: number; chips: ChipSummary[] }>[] = [];
const rioWarm: typeof rioCold = [];
const startRd: number[] = [];
const startPy: number[] = [];
for (let i = 0; i < args.runs; i++) {
  fromCollection.push(await cli(collectionSql(w)));
  fromUrls.push(await cli(urlSql(w)));
  startRd.push(runCli('SELECT 1 AS one').ms);
  if (withRasterio) {
    const [cold, warm] = await referencePasses<{ ms: number; chips: ChipSummary[] }>(
      server, path.resolve('bench/reference/read_chips.py'), [w.tasksJson, String(args.threads)], TUNED_GDAL_ENV, 2);
    rioCold.push(cold);
    rioWarm.push(warm);
    startPy.push(pythonStartMs());
  }
}

// context, one run: rasterio without a thread pool, the way a TorchGeo-style sampler loop reads
// (Rasteret's 8x to 21x are against that); the careful-user reference above uses the pool
const sequential = withRasterio
  ? await referencePasses<{ ms: number; chips: ChipSummary[] }>(server, path.resolve('bench/reference/read_chips.py'), [w.tasksJson, '1'], TUNED_GDAL_ENV, 1)
  : [];

// warm: one connection, the same query again (headers, decoders and decoded blocks cached: src/chip/decoded-block-cache.ts)
const con = await connect();
await con.run(collectionSql(w));
const warm = await warmRuns(server, args.runs, () => con.run(collectionSql(w)));
con.closeSync();

let profile: ThreadProfile[] | undefined;
// the targets are missed: a full run keeps the profile of where the time goes (bench/lib/profile.ts)
if (!args.quick || process.argv.includes('--profile')) {
  profile = profileCli(path.join(DATA_DIR, 'profiles', 'cold-chips'), collectionSql(w), `${chips} chips from the collection`);
}
await server.stop();

const waves = (requests: number) => Math.ceil(requests / IN_FLIGHT);
const row = (label: string, ours: Run[], theirs: Pass<unknown>[] | undefined, floorMs: number | undefined): BenchRow => sideBySide(`${label}: ${chips} chips over ${files} COGs`, ours, theirs, {
  floorMs,
  note: `requests per chip: rasterduck ${(ours[0].requests / chips).toFixed(2)}` + (theirs?.[0] ? `, rasterio ${(theirs[0].requests / chips).toFixed(2)}` : ''),
});
const tileRequests = fromUrls[0].requests - files;
const rows: BenchRow[] = [
  // cached metadata: every tile range of every chip in one concurrent wave
  row('cold, from the collection (cached metadata)', fromCollection, rioCold, waves(fromCollection[0].requests) * args.latency),
  // one wave of header reads, then one of tiles
  row('cold, from URLs (header + tiles)', fromUrls, rioCold, (waves(files) + waves(tileRequests)) * args.latency),
  row('warm, same process, second query', warm, rioWarm, waves(warm[0].requests) * args.latency),
  ...(sequential.length ? [row('cold vs rasterio in 1 thread, no pool (1 run)', fromCollection, sequential, undefined)] : []),
  { case: 'process start only (CLI SELECT 1 / python import rasterio)', rasterduckMs: median(startRd), referenceMs: startPy.length ? median(startPy) : undefined, requests: 0, bytes: 0 },
];
printRows(`cold-chips: ${chips} chips (~64x64 px fields) over ${files} COGs ${args.size}x${args.size}, ${args.latency} ms per request`, rows);
for (const r of rows.filter((x) => x.note)) process.stdout.write(`${r.case.split(':')[0]}: ${r.note}\n`);
const same = rioCold.length ? { collection: agreement(fromCollection[0].rows ?? [], rioCold[0].answer.chips), urls: agreement(fromUrls[0].rows ?? [], rioCold[0].answer.chips) } : undefined;
if (same) process.stdout.write(`chips equal to rasterio's (count and sum of valid pixels): from the collection ${same.collection}/${chips}, from URLs ${same.urls}/${chips}\n`);
process.stdout.write(`collection build (untimed, before the runs): ${built.ms.toFixed(0)} ms; rasterio: ${args.threads} threads, GDAL config ${Object.entries(TUNED_GDAL_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
saveRows('cold-chips', rows, {
  args: { ...args, chips, files },
  loadAverage: { before: loadBefore, after: loadavg() },
  agreement: same,
  tuned: TUNED_GDAL_ENV,
  runs: { fromCollection: fromCollection.map((r) => r.ms), fromUrls: fromUrls.map((r) => r.ms), rasterio: rioCold.map((r) => r.ms), rasterioInner: rioCold.map((r) => r.answer.ms) },
  profile,
});
