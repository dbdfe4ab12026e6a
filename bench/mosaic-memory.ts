/**
 * mosaic-memory: the pipeline's three steps over 1x, 4x, 16x and 64x the area (tiles of 512x512
 * px at 10 m of a field landscape, two dates, four bands; bench/lib/field-scenes.ts), each
 * step in a fresh CLI process: build_mosaic, then predict_block on its mosaic (the shipped
 * field U-Net), then vectorize on the prediction (GeoParquet by COPY plus FlatGeobuf; no
 * PMTiles, whose tiler holds every polygon). Prints wall time and peak RSS. Every step
 * works in blocks of one tile, so time should grow with the area and peak memory stay flat
 * (the block, not the mosaic, bounds it). --quick runs 1x and 4x of 256 px tiles: the same
 * code paths (one block, then 2x2 blocks) at a sixteenth of the work.
 * Usage: tsx bench/mosaic-memory.ts [--quick] [--largest 64] (areas 1x, 4x, ... up to it; default 64)
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { benchArgs } from './lib/args.js';
import { runCli } from './lib/cli.js';
import { BANDS, fieldScenes } from './lib/field-scenes.js';
import { printRows, saveRows, type BenchRow, type StepPoint } from './lib/report.js';

// 64x: the first area where every step's blocks have reached their full size is 16x (see report.ts memoryVerdict)
const args = benchArgs(process.argv.slice(2), { runs: 1, largest: 64 });
const areas = Array.from({ length: Math.round(Math.log(args.quick ? 4 : args.largest) / Math.log(4)) + 1 }, (_, i) => 4 ** i);
// one tile is one block of every step
const TILE_PX = args.quick ? 256 : 512;
const MODEL = path.resolve('models', 'field-unet.onnx');
/**
 * Every step runs with V8's JS heap capped. Uncapped, V8 lets garbage pile up in a heap it
 * grows with the allocation rate, so RSS rose with the area although the live heap stayed at
 * 8-10 MiB (vectorize 64x: 232 MiB uncapped, 130 capped, the same at 4x). Capped, a step
 * that held the mosaic (or its polygons) in JS fails with out-of-memory at the larger areas:
 * the cap is part of the test, and RSS (DuckDB, buffers, onnxruntime included) the measure.
 */
const JS_HEAP_MIB = 128;
/**
 * The decoded-block cache (src/chip/decoded-block-cache.ts) is bounded, not flat: it fills
 * up to its size and stays there. At its default (256 MiB) it would still be filling at 64x;
 * at 64 MiB it is full from 16x on, so what grows past that is the steps' own memory.
 */
process.env.RASTERDUCK_BLOCK_CACHE_MB = '64';

interface Step {
  readonly name: string;
  /** SQL run in `dir`; its last statement's first row may carry `polygons`. */
  readonly sql: (dir: string, manifest: string) => string;
  /** Outputs to remove first: every step is resumable, and a rerun must do the work. */
  readonly outputs: readonly string[];
}

const STEPS: readonly Step[] = [
  {
    name: 'build_mosaic',
    outputs: ['mosaic.zarr', 'mosaic.zarr_cogs'],
    sql: (dir, manifest) => `CREATE TABLE scenes AS SELECT id, datetime::TIMESTAMPTZ AS datetime,
  ${BANDS.map((b) => `cog_metadata(${b}_href) AS ${b}_metadata`).join(', ')} FROM read_json('${manifest}');
SET VARIABLE scenes = (SELECT list(c) FROM scenes c);
SELECT count(*) AS blocks FROM build_mosaic(getvariable('scenes'), bands := [${BANDS.map((b) => `'${b}'`).join(', ')}],
  date_ranges := ['2024-04-01/2024-06-30', '2024-07-01/2024-09-30'], crs := 'EPSG:32633', resolution := 10,
  block_size := ${TILE_PX}, output := '${dir}/mosaic.zarr');`,
  },
  {
    name: 'predict_block',
    outputs: ['prediction.zarr'],
    sql: (dir) => `SELECT count(*) AS blocks FROM predict_block('${dir}/mosaic.zarr', model := '${MODEL}', patch_size := 256,
  clip_size := 32, batch_size := 8, block_size := ${TILE_PX}, output := '${dir}/prediction.zarr');`,
  },
  {
    name: 'vectorize',
    outputs: ['fields.parquet', 'fields.fgb'],
    // DuckDB's parquet writer holds one row group in memory (122,880 rows by default, all of
    // a 64x run's polygons): ROW_GROUP_SIZE bounds it, as a user bounding memory would
    sql: (dir) => `COPY (SELECT * FROM vectorize('${dir}/prediction.zarr', threshold := 0.5, class := 'field', fgb := '${dir}/fields.fgb'))
  TO '${dir}/fields.parquet' (FORMAT parquet, ROW_GROUP_SIZE 8192);
SELECT count(*) AS polygons FROM '${dir}/fields.parquet';`,
  },
];

const points: StepPoint[] = [];
for (const area of areas) {
  const tiles = Math.sqrt(area);
  const { dir, manifest } = fieldScenes(tiles, TILE_PX);
  for (const step of STEPS) {
    for (const out of step.outputs) rmSync(path.join(dir, out), { recursive: true, force: true });
    const run = runCli<{ polygons?: number }>(step.sql(dir, manifest), undefined, [`--max-old-space-size=${JS_HEAP_MIB}`]);
    const polygons = run.rows[0]?.polygons === undefined ? undefined : Number(run.rows[0].polygons);
    points.push({ step: step.name, area, ms: run.ms, peakRssMb: run.peakRssMb, polygons });
    process.stdout.write(`${step.name} ${area}x (${tiles * TILE_PX} px square): ${run.ms.toFixed(0)} ms, peak RSS ${run.peakRssMb.toFixed(0)} MiB${polygons === undefined ? '' : `, ${polygons} polygons`}\n`);
  }
}

const rows: BenchRow[] = STEPS.flatMap((step) => points.filter((p) => p.step === step.name).map((p) => ({
  case: `${p.step} ${p.area}x area (peak RSS ${p.peakRssMb.toFixed(0)} MiB${p.polygons === undefined ? '' : `, ${p.polygons} polygons`})`,
  rasterduckMs: p.ms, requests: 0, bytes: Math.round(p.peakRssMb * 1024 * 1024), note: 'bytes = peak RSS',
})));
printRows('mosaic-memory: time grows with the area, peak memory stays flat, per step (no reference side)', rows);
saveRows('mosaic-memory', rows, { args, steps: points });
