/**
 * mosaic-memory: build_mosaic over 1x, 4x and 16x the area (tiles of 512x512 px at 10 m,
 * two dates, four bands), each run in a fresh CLI process; prints wall time and peak RSS.
 * Work is blockwise, so time should grow with the area and peak memory stay flat (the
 * block, not the mosaic, bounds it). Usage: tsx bench/mosaic-memory.ts [--quick]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeCog } from '../src/tiff/cog-writer.js';
import { benchArgs } from './lib/args.js';
import { DATA_DIR } from './lib/data.js';
import { printRows, saveRows, type BenchRow } from './lib/report.js';

const args = benchArgs(process.argv.slice(2), { runs: 1 });
const SIZE = 512;
const BANDS = ['B04', 'B03', 'B02', 'B08'];
const DATES = ['2024-05-10', '2024-07-24'];
const scales = args.quick ? [1, 4] : [1, 4, 16];

/** A smooth synthetic band: the values matter little here, the bytes and blocks do. */
function pixels(tx: number, ty: number, band: number, date: number): Uint16Array {
  const out = new Uint16Array(SIZE * SIZE);
  for (let r = 0; r < SIZE; r++) for (let c = 0; c < SIZE; c++) {
    const x = tx * SIZE + c;
    const y = ty * SIZE + r;
    out[r * SIZE + c] = 1000 + band * 300 + date * 200 + Math.round(400 * Math.sin(x / 23) * Math.cos(y / 31)) + ((x * 7 + y * 13) % 50);
  }
  return out;
}

/** Writes tiles x tiles scenes per date once; returns the scenes table as JSON rows. */
function scenesFor(tiles: number): string {
  const dir = path.join(DATA_DIR, 'mosaic-memory', `t${tiles}`);
  const list = path.join(dir, 'scenes.json');
  if (existsSync(list)) return list;
  mkdirSync(dir, { recursive: true });
  const rows: Record<string, string>[] = [];
  for (let ty = 0; ty < tiles; ty++) for (let tx = 0; tx < tiles; tx++) DATES.forEach((date, d) => {
    const row: Record<string, string> = { id: `t${tx}_${ty}_${date}`, datetime: `${date}T10:00:00Z` };
    BANDS.forEach((band, b) => {
      const file = path.join(dir, `${row.id}_${band}.tif`);
      const affine = [10, 0, 500000 + tx * SIZE * 10, 0, -10, 5800000 - ty * SIZE * 10] as const;
      writeFileSync(file, writeCog({ width: SIZE, height: SIZE, bands: 1, dtype: 'uint16', pixels: pixels(tx, ty, b, d), affine: [...affine] as never, epsg: 32633, nodata: 0, tileSize: 256 }));
      row[`${band}_href`] = file;
    });
    rows.push(row);
  });
  writeFileSync(`${list}.tmp`, JSON.stringify(rows));
  renameSync(`${list}.tmp`, list);
  return list;
}

function run(tiles: number): { ms: number; peakKiB: number } {
  const list = scenesFor(tiles);
  const out = path.join(path.dirname(list), 'mosaic.zarr');
  rmSync(out, { recursive: true, force: true });
  rmSync(`${out}_cogs`, { recursive: true, force: true });
  const metas = BANDS.map((b) => `cog_metadata(${b}_href) AS ${b}_metadata`).join(', ');
  const sql = `CREATE TABLE scenes AS SELECT id, datetime::TIMESTAMPTZ AS datetime, ${metas} FROM read_json('${list}');
SET VARIABLE scenes = (SELECT list(c) FROM scenes c);
SELECT count(*) AS blocks FROM build_mosaic(getvariable('scenes'), bands := ['B04', 'B03', 'B02', 'B08'],
  date_ranges := ['2024-04-01/2024-06-30', '2024-07-01/2024-09-30'], crs := 'EPSG:32633', resolution := 10,
  block_size := 512, output := '${out}');`;
  const peakFile = path.join(path.dirname(list), 'peak-rss.txt');
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', path.resolve('bench/lib/peak-rss.mjs'), path.resolve('dist/cli/main.js'), '-json', '-c', sql], {
    encoding: 'utf8', env: { ...process.env, RASTERDUCK_BENCH_PEAK_RSS: peakFile },
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return { ms: performance.now() - start, peakKiB: Number(readFileSync(peakFile, 'utf8')) };
}

const rows: BenchRow[] = scales.map((area) => {
  const tiles = Math.sqrt(area);
  const { ms, peakKiB } = run(tiles);
  process.stdout.write(`area ${area}x (${tiles * SIZE} px square, ${tiles * tiles * 2} scenes x 4 bands): ${ms.toFixed(0)} ms, peak RSS ${(peakKiB / 1024).toFixed(0)} MiB\n`);
  return { case: `build_mosaic ${area}x area (peak RSS ${(peakKiB / 1024).toFixed(0)} MiB)`, rasterduckMs: ms, requests: 0, bytes: peakKiB * 1024, note: 'bytes = peak RSS' };
});
printRows('mosaic-memory: time grows with the area, peak memory stays flat (no reference side)', rows);
saveRows('mosaic-memory', rows, { args });
