/**
 * build_mosaic through SQL against a reference computed by GDAL and numpy on the same
 * GDAL-written scenes: rasterio.warp.reproject (exact transformer) per scene, SCL masking,
 * numpy nanmedian. Read back with zarrita (an independent Zarr v3 reader).
 */
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCogs } from '../tiff/check-cog.js';
import { readWithZarrita, tempDir } from '../zarr/helpers/zarrita-read.js';
import { collectionOf, exactMismatches, filesOf, makeScenes, referenceComposite, type SceneFiles } from './fixture.js';

const WINDOWS = ['2024-05-01/2024-05-31', '2024-05-01/2024-07-31'];
let dir: string;
let cleanup: () => void;
let scenes: SceneFiles[];
let con: DuckDBConnection;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('mosaic'));
  scenes = makeScenes(path.join(dir, 'scenes'));
  con = await collectionOf(scenes);
}, 60_000);
afterAll(() => cleanup());

async function build(name: string, extra: string, mask = true, on = { con, windows: WINDOWS }): Promise<{ out: string; rows: Record<string, unknown>[] }> {
  const out = path.join(dir, `${name}.zarr`);
  const got = (await on.con.runAndReadAll(`SELECT * EXCLUDE (geometry) FROM build_mosaic(getvariable('scenes'), bands := ['B04', 'B08'], mask_band := ${mask ? "'SCL'" : 'NULL'},
    date_ranges := ['${on.windows.join("', '")}'], ${extra.includes('block_size') ? '' : 'block_size := 64, '}output := '${out}', ${extra})`)).getRowObjectsJS();
  return { out, rows: got };
}

/** Our cube and the reference on its grid; `windows` lists each window's scenes (default: WINDOWS' by date). */
async function compare(out: string, crs: string, resampling: string, mask = true, windows = WINDOWS.map((w) => scenes.filter((s) => s.datetime.slice(0, 10) <= w.split('/')[1]))) {
  const cube = await readWithZarrita(out, 'mosaic');
  const [times, bands, height, width] = cube.shape;
  const transform = (cube.attrs['spatial:transform'] as number[]).slice(0, 6);
  const ref = referenceComposite({ width, height, transform, crs, resampling, mask, bands: ['B04', 'B08'], windows: windows.map(filesOf) });
  const ours = cube.data as Float32Array;
  const plane = height * width;
  return { times, bands, plane, ours, ref, transform, width, at: (t: number, b: number, i: number) => ours[(t * bands + b) * plane + i] };
}

describe('build_mosaic', () => {
  it('nearest on the default EPSG:4326 grid equals GDAL warp + numpy nanmedian exactly', async () => {
    const { out, rows: got } = await build('nearest', "resampling := 'nearest'");
    expect(got.length).toBe(got.length > 0 ? got.length : 1);
    expect(got.every((r) => r.status === 'written' || r.status === 'empty')).toBe(true);
    const { ours, ref, transform } = await compare(out, 'EPSG:4326', 'nearest');
    expect(transform[0]).toBeCloseTo(8.983119e-5, 15);
    // the grid is snapped: its origin is a whole number of pixels from 0
    expect(Math.abs(transform[2] / transform[0] - Math.round(transform[2] / transform[0]))).toBeLessThan(1e-6);
    expect(exactMismatches(ours, ref)).toEqual([]);
    // the fixture exercises the cases that matter: many valid pixels and even counts (mean of the middle two)
    expect(ref.flat(2).filter((v) => v !== null).length).toBeGreaterThan(1000);
    expect(ref.flatMap((w) => w[w.length - 1]).filter((n) => n !== null && n > 0 && n % 2 === 0).length).toBeGreaterThan(100);
  }, 120_000);

  for (const kernel of ['bilinear', 'cubic'] as const) {
    it(`${kernel} on a 7 m UTM grid matches GDAL within 0.5 (uint16 reflectance) away from nodata and scene edges`, async () => {
      const { out } = await build(kernel, `resampling := '${kernel}', crs := 'EPSG:32633', resolution := 7`, false);
      const { times, bands, plane, ref, at, width } = await compare(out, 'EPSG:32633', kernel, false);
      // kernels that reach nodata or a scene edge are weighted differently by GDAL (documented in resample.ts):
      // compare pixels whose 11x11 neighbourhood (35 m, beyond cubic's 2.5 source px reach) has one observation count
      const steady = (t: number, i: number): boolean => {
        const [r, c] = [Math.floor(i / width), i % width];
        const n = at(t, bands - 1, i);
        for (let dr = -5; dr <= 5; dr++) for (let dc = -5; dc <= 5; dc++) {
          const [rr, cc] = [r + dr, c + dc];
          if (rr < 0 || cc < 0 || cc >= width || rr * width + cc >= plane || at(t, bands - 1, rr * width + cc) !== n) return false;
        }
        return true;
      };
      let compared = 0;
      let worst = 0;
      for (let t = 0; t < times; t++) {
        for (let i = 0; i < plane; i++) {
          // GDAL decides validity near nodata by kernel weight, rasterduck by the nearest pixel: compare where the counts agree
          if (ref[t][bands - 1][i] !== at(t, bands - 1, i) || !steady(t, i)) continue;
          // B04 only: the count follows B04, and B08 has holes of its own
          for (let b = 0; b < 1; b++) {
            const want = ref[t][b][i];
            const have = at(t, b, i);
            if (want === null || Number.isNaN(have)) continue;
            worst = Math.max(worst, Math.abs(have - want));
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(1000);
      expect(worst).toBeLessThan(0.5);
    }, 120_000);
  }
});

describe('build_mosaic over seasons of every year', () => {
  // the fixture scenes re-dated over two years: May 2023, May 2024, then a winter across the year end
  const DATES = ['2023-05-02T10:00:00Z', '2024-05-20T10:00:00Z', '2023-12-30T10:00:00Z', '2024-01-05T10:00:00Z'];
  const SEASONS = ['05-01/05-31', '12-01/01-31', ' 120/145', '2023-01-01/2023-12-31'];

  it('composites each season from both years (month-days, days of year, a winter across the year end) as the reference does', async () => {
    const dated = scenes.map((s, k) => ({ ...s, datetime: DATES[k] }));
    const [s0, s1, s2, s3] = dated;
    // by hand: May of both years; the winter 2023/24; days 122 (2023) and 141 (2024, a leap year); all of 2023
    const taken = [[s0, s1], [s2, s3], [s0, s1], [s0, s2]];
    const { out, rows: got } = await build('seasons', "resampling := 'nearest'", true, { con: await collectionOf(dated), windows: SEASONS });
    // the time column and the cube's time labels are the windows as given (trimmed)
    const labels = SEASONS.map((w) => w.trim());
    expect([...new Set(got.map((r) => r.time))]).toEqual(labels);
    expect((await readWithZarrita(out, 'time')).data).toEqual(labels);
    const { ours, ref, times, bands, plane, at } = await compare(out, 'EPSG:4326', 'nearest', true, taken);
    expect(exactMismatches(ours, ref)).toEqual([]);
    // every window has pixels seen by both of its scenes
    for (let t = 0; t < times; t++) {
      let most = 0;
      for (let i = 0; i < plane; i++) most = Math.max(most, at(t, bands - 1, i) || 0);
      expect(most, SEASONS[t]).toBe(2);
    }
  }, 120_000);

  it('refuses a window that names no day, before reading any block', async () => {
    await expect(build('never', "resampling := 'nearest'", true, { con, windows: ['02-30/03-31'] })).rejects.toThrow(/build_mosaic: date range '02-30\/03-31' names 02-30, which is not a day/);
  });
});

describe('build_mosaic collection forms', () => {
  const plan = (collection: string) => `SELECT * FROM build_mosaic(${collection}, bands := ['B04', 'B08'], mask_band := 'SCL',
    date_ranges := ['${WINDOWS[0]}'], block_size := 64, dry_run := true) ORDER BY tile_id`;

  it('takes a table or view name as read_chips does, planning what the LIST form plans', async () => {
    const byList = (await con.runAndReadAll(plan("getvariable('scenes')"))).getRowObjectsJS();
    expect(byList.length).toBeGreaterThan(1);
    expect(Object.keys(byList[0])).toEqual(['tile_id', 'time', 'blocks', 'scenes', 'tiles', 'bytes_to_read', 'memory_bytes']);
    expect((await con.runAndReadAll(plan("'scenes'"))).getRowObjectsJS()).toEqual(byList);
    await con.run('CREATE OR REPLACE VIEW may_scenes AS SELECT * FROM scenes WHERE datetime < TIMESTAMPTZ \'2024-06-01\'');
    const byView = (await con.runAndReadAll(plan("'may_scenes'"))).getRowObjectsJS();
    expect(byView.map((r) => r.tile_id)).toEqual(byList.map((r) => r.tile_id));
  });

  it('names a table that does not exist', async () => {
    await expect(con.runAndReadAll(plan("'no_such_scenes'"))).rejects.toThrow(/no_such_scenes/);
  });
});

describe('build_mosaic COGs', () => {
  it('have average overviews GDAL validates and would make itself', async () => {
    const { rows: got } = await build('cogs', "crs := 'EPSG:32633', resolution := 2, block_size := 512", true, { con, windows: [WINDOWS[1]] });
    const urls = got.map((r) => r.url as string | null).filter((u): u is string => u !== null);
    const reports = checkCogs(urls);
    expect(reports.map((r) => [r.errors, r.warnings, r.differ.every((n) => n === 0)])).toEqual(reports.map(() => [[], [], true]));
    // the 520 x 470 px grid is a 512 px block and an 8 px strip, each halved once (to one 256 px tile)
    expect(reports.map((r) => [r.factors, r.sizes])).toEqual([[[2], [[256, 235]]], [[2], [[4, 235]]]]);
    expect(reports.every((r) => r.valid[0] > 0)).toBe(true);
  }, 120_000);
});
