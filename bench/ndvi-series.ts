/**
 * ndvi-series: mean NDVI of P field polygons on D dates (red + NIR COGs, 2048 x 2048
 * Sentinel-2-like, see bench/reference/make_series.py) served with a fixed delay per
 * request. rasterduck: one SQL statement over a collection built beforehand (cached
 * metadata in Parquet), in a fresh CLI process, written the three ways users write it:
 * read_chips with chip_stats(chip_normalized_difference(nir, red)), zonal_stats with the
 * expression (statistics computed beside the reads; no pixel becomes a DuckDB value), and
 * read_chip per row of a scenes x fields join. rasterio: a thread pool over dates, each opening its red and NIR
 * file once and masking every field (bench/reference/ndvi_series.py, GDAL tuned for cloud
 * reads); with --field-mode also one task per (field, date). Cold = a fresh process per
 * run on each side; warm = a second pass in one process. Prints the largest difference
 * between the two sides' means.
 * Usage: tsx bench/ndvi-series.ts [--quick] [--fields P] [--dates D] [--latency MS] [--runs N] [--field-mode] [--profile]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { connect } from '../src/index.js';
import { startFileServer } from '../src/io/file-server-process.js';
import { benchArgs } from './lib/args.js';
import { profileCli, runCli } from './lib/cli.js';
import { DATA_DIR } from './lib/data.js';
import { fieldRing, random, toGeoJson, toWkt } from './lib/fields.js';
import { hasRasterio, PYTHON, TUNED_GDAL_ENV } from './lib/gdal.js';
import type { ThreadProfile } from './lib/profile.js';
import { referencePasses, type Pass } from './lib/reference-passes.js';
import { printRows, saveRows, sideBySide, type BenchRow } from './lib/report.js';
import { servedBy, warmRuns } from './lib/server-counts.js';

const args = benchArgs(process.argv.slice(2), { fields: 200, dates: 12, size: 2048, latency: 25, runs: 5, threads: 32 });
const fields = args.quick ? 20 : args.fields;
const dates = args.quick ? 2 : args.dates;
const IN_FLIGHT = 64; // rasterduck's default request concurrency (src/io/limiter.ts)
const loadBefore = loadavg();

// keyed by dates and size: make_series.py skips files that exist, and the season curve depends on both
const dir = path.join(DATA_DIR, `series-${dates}-${args.size}`);
execFileSync(PYTHON, [path.resolve('bench/reference/make_series.py'), dir, String(dates), String(args.size)], { stdio: 'inherit' });
const server = await startFileServer(dir, args.latency);
const work = path.join(dir, 'work');
mkdirSync(work, { recursive: true });

const day = (d: number) => String(d).padStart(2, '0');
const scenesCsv = path.join(work, `scenes-${dates}.csv`);
writeFileSync(scenesCsv, 'id,datetime,red_url,nir_url\n' + Array.from({ length: dates }, (_, d) =>
  `d${day(d)},2024-${day(1 + (d % 12))}-15T10:00:00,${server.url}/red_${day(d)}.tif,${server.url}/nir_${day(d)}.tif`).join('\n') + '\n');
const grid = { originX: 500000, originY: 5800000, pixel: 10, width: args.size, height: args.size };
const rand = random(4);
const rings = Array.from({ length: fields }, () => fieldRing(grid, rand));
const fieldsCsv = path.join(work, `fields-${fields}.csv`);
writeFileSync(fieldsCsv, 'field_id,wkt\n' + rings.map((r, i) => `${i},"${toWkt(r)}"`).join('\n') + '\n');
const jobJson = path.join(work, `job-${fields}-${dates}.json`);
writeFileSync(jobJson, JSON.stringify({
  dates: Array.from({ length: dates }, (_, d) => ({ red: `/vsicurl/${server.url}/red_${day(d)}.tif`, nir: `/vsicurl/${server.url}/nir_${day(d)}.tif` })),
  fields: rings.map(toGeoJson),
}));

// the collection, built first in its own process (untimed): one row per date, both bands' metadata
const collection = path.join(work, `collection-${dates}.parquet`);
const built = runCli(`COPY (SELECT id, datetime::TIMESTAMP AS datetime, r AS red_metadata, n AS nir_metadata, cog_footprint(r) AS geometry
  FROM (SELECT *, cog_metadata(red_url) AS r, cog_metadata(nir_url) AS n FROM read_csv('${scenesCsv}'))) TO '${collection}' (FORMAT parquet)`);

const setup = `CREATE VIEW scenes AS FROM read_parquet('${collection}');
CREATE VIEW fields AS SELECT field_id, ST_GeomFromText(wkt) AS geometry FROM read_csv('${fieldsCsv}', types = {'field_id': 'INTEGER', 'wkt': 'VARCHAR'});`;
// the statement: fields are in the scenes' CRS (UTM 33N), so both sides mask the very same polygons
const query = `SELECT field_id, scene_id, chip_stats(chip_normalized_difference(nir, red))[1].mean AS ndvi
FROM read_chips('scenes', 'fields', bands := ['red', 'nir'], geometry_crs := 'EPSG:32633')`;

// the same statement as zonal_stats: an expression valid where both bands are and nir + red != 0
const zonalQuery = `SELECT field_id, scene_id, mean AS ndvi
FROM zonal_stats('scenes', 'fields', bands := ['red', 'nir'], expression := '(nir - red) / (nir + red)', stats := ['mean'], geometry_crs := 'EPSG:32633')`;

// the way users write it one row at a time: read_chip per (field, scene), chips through two SQL functions
const perRowQuery = `SELECT f.field_id, s.id AS scene_id,
  chip_stats(chip_normalized_difference(read_chip(s.nir_metadata, f.geometry), read_chip(s.red_metadata, f.geometry)))[1].mean AS ndvi
FROM scenes s, fields f WHERE cog_intersects(s.red_metadata, f.geometry)`;

type NdviRow = { field_id: number; scene_id: string; ndvi: number | null };
interface Run { ms: number; cpuMs?: number; serverCpuMs?: number; requests: number; bytes: number; rows?: NdviRow[] }
type Answer = { ms: number; means: (number | null)[][] };

async function cold(statement = query): Promise<Run> {
  const { value: r, served } = await servedBy(server, () => runCli<NdviRow>(`${setup}\n${statement}`));
  return { ms: r.ms, cpuMs: r.cpuMs, ...served, rows: r.rows };
}

const withRasterio = hasRasterio();
const script = path.resolve('bench/reference/ndvi_series.py');
const ours: Run[] = [];
const oursZonal: Run[] = [];
const oursPerRow: Run[] = [];
const rioCold: Pass<Answer>[] = [];
const rioWarm: Pass<Answer>[] = [];
const perField: Pass<Answer>[] = [];
for (let i = 0; i < args.runs; i++) {
  ours.push(await cold());
  oursZonal.push(await cold(zonalQuery));
  oursPerRow.push(await cold(perRowQuery));
  if (withRasterio) {
    const [c, w] = await referencePasses<Answer>(server, script, [jobJson, String(dates), 'scene'], TUNED_GDAL_ENV, 2);
    rioCold.push(c);
    rioWarm.push(w);
  }
}
if (withRasterio && process.argv.includes('--field-mode')) {
  perField.push(...await referencePasses<Answer>(server, script, [jobJson, String(args.threads), 'field'], TUNED_GDAL_ENV, 1));
}

// warm: one connection runs the statement again (decoded blocks cached up to RASTERDUCK_BLOCK_CACHE_MB: no request)
const con = await connect();
await con.run(setup);
await con.run(query);
const warm = await warmRuns(server, args.runs, () => con.run(query));
con.closeSync();

let profile: ThreadProfile[] | undefined;
let zonalProfile: ThreadProfile[] | undefined;
// the targets are missed: a full run keeps the profile of where the time goes (bench/lib/profile.ts)
if (!args.quick || process.argv.includes('--profile')) {
  profile = profileCli(path.join(DATA_DIR, 'profiles', 'ndvi-series'), `${setup}\n${query}`, `read_chips, ${fields} fields x ${dates} dates`);
  zonalProfile = profileCli(path.join(DATA_DIR, 'profiles', 'ndvi-series-zonal'), `${setup}\n${zonalQuery}`, `zonal_stats, ${fields} fields x ${dates} dates`);
}
await server.stop();

/** The largest |rasterduck - rasterio| over every (field, date) mean, and how many pairs both sides have. */
function difference(rows: readonly NdviRow[], means: (number | null)[][]): { maxAbs: number; pairs: number; missing: number } {
  let maxAbs = 0;
  let pairs = 0;
  for (const r of rows) {
    const theirs = means[Number(r.field_id)]?.[Number(r.scene_id.slice(1))];
    if (r.ndvi === null || theirs === null || theirs === undefined) continue;
    pairs++;
    maxAbs = Math.max(maxAbs, Math.abs(r.ndvi - theirs));
  }
  return { maxAbs, pairs, missing: fields * dates - pairs };
}

const pairs = fields * dates;
// two bands, each a wave per DuckDB chunk of 2048 rows, each wave at most 64 requests in flight
const floorOf = (r: Run) => Math.max(2 * Math.ceil(pairs / 2048), Math.ceil(r.requests / IN_FLIGHT)) * args.latency;
const row = (label: string, mine: Run[], theirs: Pass<Answer>[], what: string): BenchRow =>
  sideBySide(`${label}: ${fields} fields x ${dates} dates${what}`, mine, theirs, { floorMs: floorOf(mine[0]) });
const rows = [
  row('cold', ours, rioCold, ''),
  row('cold, zonal_stats', oursZonal, rioCold, ''),
  row('cold, per-row read_chip + chip_stats', oursPerRow, rioCold, ''),
  row('warm, same process, second query', warm, rioWarm, ''),
];
if (perField.length) rows.push(row('cold', ours, perField, `; rasterio one task per (field, date), ${args.threads} threads`));
printRows(`ndvi-series: mean NDVI per field per date, ${args.latency} ms per request`, rows);
const diff = rioCold.length ? difference(ours[0].rows ?? [], rioCold[0].answer.means) : undefined;
if (diff) process.stdout.write(`means compared: ${diff.pairs} of ${pairs} (field, date) pairs, max |rasterduck - rasterio| = ${diff.maxAbs.toExponential(2)}${diff.missing ? `, ${diff.missing} missing` : ''}\n`);
const zonalDiff = rioCold.length ? difference(oursZonal[0].rows ?? [], rioCold[0].answer.means) : undefined;
const perRowDiff = rioCold.length ? difference(oursPerRow[0].rows ?? [], rioCold[0].answer.means) : undefined;
if (perRowDiff) process.stdout.write(`per-row read_chip means compared: ${perRowDiff.pairs} of ${pairs} pairs, max |rasterduck - rasterio| = ${perRowDiff.maxAbs.toExponential(2)}${perRowDiff.missing ? `, ${perRowDiff.missing} missing` : ''}\n`);
if (zonalDiff) process.stdout.write(`zonal_stats means compared: ${zonalDiff.pairs} of ${pairs} pairs, max |rasterduck - rasterio| = ${zonalDiff.maxAbs.toExponential(2)}${zonalDiff.missing ? `, ${zonalDiff.missing} missing` : ''}\n`);
process.stdout.write(`rows: ${ours[0].rows?.length ?? 0}; collection build (untimed): ${built.ms.toFixed(0)} ms; rasterio: one task per date (${dates} threads), GDAL config ${Object.entries(TUNED_GDAL_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
saveRows('ndvi-series', rows, {
  args: { ...args, fields, dates },
  loadAverage: { before: loadBefore, after: loadavg() },
  difference: diff,
  zonalDifference: zonalDiff,
  perRowDifference: perRowDiff,
  tuned: TUNED_GDAL_ENV,
  runs: { rasterduck: ours.map((r) => r.ms), rasterduckZonal: oursZonal.map((r) => r.ms), rasterduckPerRow: oursPerRow.map((r) => r.ms), rasterio: rioCold.map((r) => r.ms), rasterioInner: rioCold.map((r) => r.answer.ms) },
  profile,
  zonalProfile,
});
