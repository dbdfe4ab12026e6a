/**
 * mosaic-gdal: build_mosaic against the way a user builds the same median composite
 * without rasterduck: gdalwarp of every overlapping scene to each block and numpy's
 * nanmedian, each block written as a COG (bench/reference/mosaic_gdalwarp.py, blocks in a
 * thread pool). The scenes are
 * mosaic-memory's field landscape (bench/lib/field-scenes.ts: T x T tiles of 512 px, two
 * dates, four bands, local files); one date window covering both dates, so each pixel's
 * median is over two scenes, on the scenes' own 10 m grid (nearest: the work is reading,
 * masking, the median and writing, not resampling). Each side is a fresh process; rasterduck writes its Zarr cube and
 * block COGs, GDAL its block COGs. Prints wall time, CPU seconds of each side
 * and the largest difference between the two composites.
 * Usage: tsx bench/mosaic-gdal.ts [--quick] [--tiles T] [--runs N] [--threads N]
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchArgs } from './lib/args.js';
import { runCli } from './lib/cli.js';
import { BANDS, fieldScenes } from './lib/field-scenes.js';
import { hasRasterio, runPythonJson } from './lib/gdal.js';
import { printRows, saveRows, sideBySide, type TimedPass } from './lib/report.js';

const args = benchArgs(process.argv.slice(2), { tiles: 4, runs: 3, threads: 8 });
const tiles = args.quick ? 1 : args.tiles;
const TILE_PX = args.quick ? 256 : 512;
const { dir, manifest } = fieldScenes(tiles, TILE_PX);
const out = path.join(dir, 'bench-mosaic.zarr');
const WINDOW = '2024-04-01/2024-09-30';

const sql = `CREATE TABLE scenes AS SELECT id, datetime::TIMESTAMPTZ AS datetime,
  ${BANDS.map((b) => `cog_metadata(${b}_href) AS ${b}_metadata`).join(', ')} FROM read_json('${manifest}');
SELECT tile_id, url FROM build_mosaic('scenes', bands := [${BANDS.map((b) => `'${b}'`).join(', ')}],
  date_ranges := ['${WINDOW}'], crs := 'EPSG:32633', resolution := 10, block_size := ${TILE_PX}, output := '${out}') ORDER BY tile_id`;

type BlockRow = { tile_id: string; url: string | null };
const ours: TimedPass[] = [];
let blocks: BlockRow[] = [];
for (let i = 0; i < args.runs; i++) {
  rmSync(out, { recursive: true, force: true });
  rmSync(`${out}_cogs`, { recursive: true, force: true });
  const r = runCli<BlockRow>(sql);
  ours.push({ ms: r.ms, cpuMs: r.cpuMs });
  blocks = r.rows;
}

const scenes = (JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>[]).map((row) => Object.fromEntries(BANDS.map((b) => [b, row[`${b}_href`]])));
const cogs = blocks.map((b) => b.url).filter((u): u is string => u !== null);
const jobFile = path.join(dir, 'bench-mosaic-job.json');
const gdalOut = path.join(dir, 'bench-mosaic-gdal');
rmSync(gdalOut, { recursive: true, force: true });
mkdirSync(gdalOut, { recursive: true });
writeFileSync(jobFile, JSON.stringify({ crs: 'EPSG:32633', resolution: 10, bands: BANDS, scenes, cogs, out: gdalOut }));
type Answer = { ms: number; cpu_ms: number; max_abs_diff: number; pixels_compared: number; validity_differs: number };
const theirs: TimedPass[] = [];
let answer: Answer | undefined;
if (hasRasterio()) {
  for (let i = 0; i < args.runs; i++) {
    const start = performance.now();
    answer = await runPythonJson<Answer>(path.resolve('bench/reference/mosaic_gdalwarp.py'), [jobFile, String(args.threads)]);
    // the process as a whole, start and imports included, as our side's CLI; CPU as the script measured it
    theirs.push({ ms: performance.now() - start, cpuMs: answer.cpu_ms });
  }
}
const rows = [sideBySide(`build_mosaic, ${cogs.length} blocks of ${TILE_PX} px, ${BANDS.length} bands, median of 2 scenes (gdalwarp + numpy nanmedian, ${args.threads} threads)`, ours, theirs)];
printRows('mosaic-gdal: median composite, rasterduck build_mosaic vs gdalwarp + numpy', rows);
if (answer) process.stdout.write(`composites compared: ${answer.pixels_compared} pixels, max |rasterduck - gdal| = ${answer.max_abs_diff}, valid on one side only: ${answer.validity_differs}\n`);
saveRows('mosaic-gdal', rows, { args: { ...args, tiles }, difference: answer && { maxAbs: answer.max_abs_diff, pixels: answer.pixels_compared, validityDiffers: answer.validity_differs } });
