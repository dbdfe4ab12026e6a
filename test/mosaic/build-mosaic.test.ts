/**
 * build_mosaic through SQL against a reference computed by GDAL and numpy on the same
 * GDAL-written scenes: rasterio.warp.reproject (exact transformer) per scene, SCL masking,
 * numpy nanmedian. Read back with zarrita (an independent Zarr v3 reader).
 */
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWithZarrita, tempDir } from '../zarr/helpers/zarrita-read.js';
import { collectionOf, filesOf, makeScenes, referenceComposite, type SceneFiles } from './fixture.js';

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

const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS();

async function build(name: string, extra: string, mask = true): Promise<{ out: string; rows: Record<string, unknown>[] }> {
  const out = path.join(dir, `${name}.zarr`);
  const got = await rows(`SELECT * EXCLUDE (geometry) FROM build_mosaic(getvariable('scenes'), bands := ['B04', 'B08'], mask_band := ${mask ? "'SCL'" : 'NULL'},
    date_ranges := ['${WINDOWS.join("', '")}'], block_size := 64, output := '${out}', ${extra})`);
  return { out, rows: got };
}

/** Our cube and the reference on its grid, flattened per window and band. */
async function compare(out: string, crs: string, resampling: string, mask = true) {
  const cube = await readWithZarrita(out, 'mosaic');
  const [times, bands, height, width] = cube.shape;
  const transform = (cube.attrs['spatial:transform'] as number[]).slice(0, 6);
  const windows = WINDOWS.map((w) => {
    const end = w.split('/')[1];
    return filesOf(scenes.filter((s) => s.datetime.slice(0, 10) <= end));
  });
  const ref = referenceComposite({ width, height, transform, crs, resampling, mask, bands: ['B04', 'B08'], windows });
  const ours = cube.data as Float32Array;
  const plane = height * width;
  return { times, bands, plane, ours, ref, transform, width, at: (t: number, b: number, i: number) => ours[(t * bands + b) * plane + i] };
}

describe('build_mosaic', () => {
  it('nearest on the default EPSG:4326 grid equals GDAL warp + numpy nanmedian exactly', async () => {
    const { out, rows: got } = await build('nearest', "resampling := 'nearest'");
    expect(got.length).toBe(got.length > 0 ? got.length : 1);
    expect(got.every((r) => r.status === 'written' || r.status === 'empty')).toBe(true);
    const { times, bands, plane, ref, at, transform } = await compare(out, 'EPSG:4326', 'nearest');
    expect(transform[0]).toBeCloseTo(8.983119e-5, 15);
    // the grid is snapped: its origin is a whole number of pixels from 0
    expect(Math.abs(transform[2] / transform[0] - Math.round(transform[2] / transform[0]))).toBeLessThan(1e-6);
    let valid = 0;
    let even = 0;
    for (let t = 0; t < times; t++) {
      for (let b = 0; b < bands; b++) {
        for (let i = 0; i < plane; i++) {
          const want = ref[t][b][i];
          const have = at(t, b, i);
          if (want === null) expect(Number.isNaN(have), `t${t} b${b} px${i}`).toBe(true);
          else {
            expect(have, `t${t} b${b} px${i}`).toBe(Math.fround(want));
            valid++;
            if (b === bands - 1 && want % 2 === 0 && want > 0) even++;
          }
        }
      }
    }
    // the fixture exercises the cases that matter: many valid pixels and even counts (mean of the middle two)
    expect(valid).toBeGreaterThan(1000);
    expect(even).toBeGreaterThan(100);
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
