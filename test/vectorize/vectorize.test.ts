/**
 * vectorize: the polygons of a thresholded prediction cover exactly its pixels (rasterized
 * back, no pixel missing or twice), their pixel counts and areas add up to the thresholded
 * raster's, tracing in small blocks gives the same geometry as one block, polygons stream
 * out as blocks finish them, and the SQL function writes GeoParquet, FlatGeobuf and PMTiles.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from '../../src/geo/geometry.js';
import { rasterizeGeometry } from '../../src/geo/rasterize.js';
import { toWkb } from '../../src/geo/wkb.js';
import { streamPrediction, vectorizePrediction, type FieldPolygon, type VectorizeParams } from '../../src/vectorize/vectorize-prediction.js';
import { randomOf } from '../../src/demo/pipeline-data.js';
import { FileSystemStore } from '../../src/zarr/fs-store.js';
import { createRasterCube } from '../../src/zarr/raster-cube.js';
import { loadZstdEncoder } from '../../src/zarr/zstd.js';
import { tempDir } from '../zarr/helpers/zarrita-read.js';
import { connect } from '../predict/fixture.js';

const tmp = tempDir('vectorize');
const W = 100;
const H = 90;
const TRANSFORM = { a: 10, b: 0, c: 500000, d: 0, e: -10, f: 5800000 };
let prediction: string;
let field: Float32Array;

// field probabilities: blobs of smoothed noise (many shapes, holes, diagonal contacts,
// regions across the 32 px block edges) and a NaN corner (no data)
function fieldProbabilities(): Float32Array {
  const rand = randomOf(11);
  const noise = Float32Array.from({ length: W * H }, () => rand());
  const p = new Float32Array(W * H);
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      let s = 0;
      let k = 0;
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) {
        const [rr, cc] = [r + dr, c + dc];
        if (rr >= 0 && rr < H && cc >= 0 && cc < W) [s, k] = [s + noise[rr * W + cc], k + 1];
      }
      p[r * W + c] = Math.min(1, Math.max(0, (s / k - 0.5) * 4 + 0.5));
    }
  }
  for (let r = 0; r < 10; r++) for (let c = 0; c < 10 - r; c++) p[r * W + c] = NaN;
  return p;
}

beforeAll(async () => {
  await loadZstdEncoder();
  prediction = path.join(tmp.dir, 'prediction.zarr');
  field = fieldProbabilities();
  const writer = createRasterCube(new FileSystemStore(prediction), {
    name: 'probabilities', dtype: 'float32', fillValue: NaN, grid: { crs: 'EPSG:32633', transform: TRANSFORM, width: W, height: H },
    bands: ['non_field_background', 'field', 'field_boundaries'], bandDim: 'class', chunkPx: [16, 16], shardPx: [32, 32],
  });
  const data = new Float32Array(3 * W * H);
  for (let i = 0; i < W * H; i++) [data[i], data[W * H + i], data[2 * W * H + i]] = [1 - field[i], field[i], 0];
  writer.writeRegion({ start: [0, 0, 0], shape: [3, H, W], data });
});
afterAll(() => tmp.cleanup());

const params = (over: Partial<VectorizeParams> = {}): VectorizeParams => ({
  prediction, threshold: 0.5, className: 'field', simplifyPx: 0, minArea: 0, crs: 'EPSG:32633', ...over,
});

describe('vectorize', () => {
  it('covers exactly the thresholded pixels, across block edges', () => {
    const { polygons, blocks } = vectorizePrediction(params());
    expect(blocks).toBe(4 * 3);
    const mask = field.map((p) => (p >= 0.5 ? 1 : 0));
    const count = mask.reduce((a, b) => a + b, 0);
    expect(polygons.length).toBeGreaterThan(20);
    expect(polygons.reduce((n, p) => n + p.pixelCount, 0)).toBe(count);
    const area = polygons.reduce((n, p) => n + p.area, 0);
    expect(Math.abs(area - count * 100)).toBeLessThan(1e-6 * count * 100);
    // rasterized back: every thresholded pixel in exactly one polygon, no other pixel
    const cover = new Uint8Array(W * H);
    for (const p of polygons) {
      const burnt = rasterizeGeometry(p.geometry, { transform: TRANSFORM, width: W, height: H, allTouched: false });
      let n = 0;
      burnt.forEach((v, i) => { cover[i] += v; n += v; });
      expect(n).toBe(p.pixelCount);
      expect(Math.abs(p.area - n * 100)).toBeLessThan(1e-6 * n * 100);
    }
    expect(Array.from(cover)).toEqual(Array.from(mask));
    // mean scores: the probability summed over each polygon's pixels
    const total = polygons.reduce((s, p) => s + p.scoreMean * p.pixelCount, 0);
    const want = field.reduce((s, v) => (v >= 0.5 ? s + v : s), 0);
    expect(total).toBeCloseTo(want, 2);
    // some region must cross a block edge (the test would prove nothing otherwise)
    expect(polygons.some((p) => p.pixelCount > 40)).toBe(true);
  });

  it('gives the same geometry in 7 px blocks as in one block', () => {
    const one = vectorizePrediction(params({ blockPx: 1000 }));
    const small = vectorizePrediction(params({ blockPx: 7 }));
    expect(small.blocks).toBe(15 * 13);
    expect(small.polygons.map((p) => Buffer.from(toWkb(p.geometry)).toString('hex'))).toEqual(one.polygons.map((p) => Buffer.from(toWkb(p.geometry)).toString('hex')));
  });

  it('streams polygons as blocks finish them, holding only those on open block edges', () => {
    const whole = vectorizePrediction(params({ blockPx: 1000 })).polygons;
    const run = streamPrediction(params({ blockPx: 7 }));
    const got: FieldPolygon[] = [];
    let openWhileYielding = 0;
    for (const p of run.polygons) {
      got.push(p);
      openWhileYielding = Math.max(openWhileYielding, run.held().regions);
    }
    // handed out while other regions were still open: not gathered and then replayed
    expect(openWhileYielding).toBeGreaterThan(0);
    expect(run.held()).toMatchObject({ regions: 0, blocks: 0 });
    expect(run.held().maxRegions * 2).toBeLessThan(whole.length);
    // ids are first pixels, so the same whatever the block size; by id, the same geometry
    const hex = (ps: FieldPolygon[]) => ps.map((p) => `${p.id} ${Buffer.from(toWkb(p.geometry)).toString('hex')}`);
    expect(got.map((p) => p.id)).not.toEqual(whole.map((p) => p.id));
    expect(hex([...got].sort((a, b) => a.id - b.id))).toEqual(hex(whole));
    const first = (whole[0].sourceGeometry as Polygon).coordinates[0][0];
    expect(whole[0].id).toBe(((TRANSFORM.f - first[1]) / 10) * W + (first[0] - TRANSFORM.c) / 10 + 1);
  });

  it('filters by min_area and keeps areas exact with simplify', () => {
    const all = vectorizePrediction(params()).polygons;
    const big = vectorizePrediction(params({ minArea: 1000 })).polygons;
    expect(big.length).toBe(all.filter((p) => p.area >= 1000).length);
    const simple = vectorizePrediction(params({ simplifyPx: 1 })).polygons;
    expect(simple.length).toBe(all.length);
    expect(simple.map((p) => p.pixelCount)).toEqual(all.map((p) => p.pixelCount));
  });

  it('writes GeoParquet, FlatGeobuf and PMTiles from SQL, in lon/lat by default', async () => {
    const con = await connect();
    const [fgb, pmtiles, parquet] = ['fields.fgb', 'fields.pmtiles', 'fields.parquet'].map((f) => path.join(tmp.dir, f));
    await con.run(`COPY (SELECT * FROM vectorize('${prediction}', threshold := 0.5, class := 'field', fgb := '${fgb}', pmtiles := '${pmtiles}',
      min_zoom := 10, max_zoom := 14)) TO '${parquet}' (FORMAT parquet)`);
    const rows = (await con.runAndReadAll(`SELECT id, class, area, pixel_count, ST_XMin(geometry) AS lon, ST_YMin(geometry) AS lat FROM '${parquet}' ORDER BY id`)).getRowObjectsJS();
    // the scan's order is the stream's: blocks in row-major order, each block's polygons by first pixel
    const scanned = (await con.runAndReadAll(`SELECT id FROM '${parquet}'`)).getRowObjectsJS().map((r) => Number(r.id));
    expect(scanned).toEqual([...streamPrediction(params()).polygons].map((p) => p.id));
    const count = field.reduce((n, p) => (p >= 0.5 ? n + 1 : n), 0);
    expect(rows.reduce((n, r) => n + Number(r.pixel_count), 0)).toBe(count);
    expect(rows[0].class).toBe('field');
    expect(Number(rows[0].lon)).toBeGreaterThan(14.9);
    expect(Number(rows[0].lon)).toBeLessThan(15.1);
    expect(Number(rows[0].lat)).toBeGreaterThan(52.2);
    const kv = (await con.runAndReadAll(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${parquet}')`)).getRowObjectsJS();
    const geo = JSON.parse(String(kv.find((r) => r.k === 'geo')?.v)) as { primary_column: string };
    expect(geo.primary_column).toBe('geometry');
    expect(readFileSync(fgb).subarray(0, 3).toString()).toBe('fgb');
    // GDAL reads one layer named after the class (not the file, not the package's fixed 'L1')
    const info = execFileSync('ogrinfo', ['-ro', '-so', '-al', fgb], { encoding: 'utf8' });
    expect(info).toMatch(/^Layer name: field$/m);
    expect(info).toMatch(new RegExp(`^Feature Count: ${rows.length}$`, 'm'));
    const head = readFileSync(pmtiles);
    expect(head.subarray(0, 7).toString()).toBe('PMTiles');
    expect(head[7]).toBe(3);
    expect(existsSync(`${fgb}.tmp`)).toBe(false);
  });

  it('names the classes when the class is unknown', async () => {
    const con = await connect();
    await expect(con.run(`SELECT * FROM vectorize('${prediction}', class := 'forest')`)).rejects.toThrow(/vectorize.*class 'forest' is not in the prediction \(it has non_field_background, field, field_boundaries\)/);
  });
});
