/**
 * writeCog judged by GDAL: with overviews the file is a valid COG with no warnings
 * (validate_cloud_optimized_geotiff.py) and every overview level equals the one
 * `gdaladdo -r average` makes from the same full-resolution image, odd sizes included;
 * without them the output is what it was (the demo's COGs) and still valid.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoHref, DEMO_BANDS, DEMO_SCENES, writeDemoData } from '../../src/demo/demo-data.js';
import { seededRandom } from '../../src/seeded-random.js';
import { writeCog, type CogSpec } from '../../src/tiff/cog-writer.js';
import { tempDir } from '../zarr/helpers/zarrita-read.js';
import { checkCogs } from './check-cog.js';

const tmp = tempDir('cog-writer');
afterAll(() => tmp.cleanup());

/** Smooth values plus noise, with nodata holes: random pixels and a block that swallows whole overview pixels. */
function pixels(spec: Pick<CogSpec, 'width' | 'height' | 'bands' | 'nodata'>, make: (n: number) => { [i: number]: number } & ArrayLike<number>) {
  const random = seededRandom(spec.width * 31 + spec.height);
  const out = make(spec.width * spec.height * spec.bands);
  for (let i = 0; i < out.length; i++) {
    const [col, row] = [i % spec.width, Math.floor(i / spec.width) % spec.height];
    const hole = random() < 0.2 || (row > 40 && row < 90 && col > 100 && col < 260);
    out[i] = hole ? (spec.nodata as number) : 1000 + 400 * Math.sin(col / 17) * Math.cos(row / 11) + 300 * random();
  }
  return out;
}

function written(name: string, spec: CogSpec): string {
  const file = path.join(tmp.dir, name);
  writeFileSync(file, writeCog(spec));
  return file;
}

describe('writeCog overviews', () => {
  it('writes valid COGs whose average overviews equal gdaladdo -r average, float32 with NaN and uint16 with nodata 0', () => {
    const float = { width: 1100, height: 701, bands: 3, nodata: NaN };
    const uint = { width: 600, height: 513, bands: 1, nodata: 0 };
    const files = [
      written('float.tif', { ...float, dtype: 'float32', pixels: pixels(float, (n) => new Float32Array(n)), affine: [8.983119e-5, 0, 15, 0, -8.983119e-5, 52], epsg: 4326, tileSize: 256, overviews: true }),
      written('uint16.tif', { ...uint, dtype: 'uint16', pixels: pixels(uint, (n) => new Uint16Array(n)), affine: [10, 0, 500000, 0, -10, 5800000], epsg: 32633, tileSize: 128, overviews: true }),
    ];
    const [f, u] = checkCogs(files);
    expect([f.errors, f.warnings, u.errors, u.warnings]).toEqual([[], [], [], []]);
    // halved, rounded up, until one tile holds the level: 550x351 and 275x176 are odd at the next step
    expect([f.factors, f.sizes]).toEqual([[2, 4, 8], [[550, 351], [275, 176], [138, 88]]]);
    expect([u.factors, u.sizes]).toEqual([[2, 4, 8], [[300, 257], [150, 129], [75, 65]]]);
    expect([f.differ, u.differ]).toEqual([[0, 0, 0], [0, 0, 0]]);
    // the holes are in the levels too (the block fills whole pixels of the first two)
    for (const r of [f, u]) r.valid.forEach((n, k) => expect(n).toBeLessThan(r.sizes[k][0] * r.sizes[k][1] * (r === f ? 3 : 1)));
  }, 60_000);

  it('adds no overview to an image of one tile', () => {
    const spec = { width: 256, height: 200, bands: 1, nodata: NaN };
    const [r] = checkCogs([written('one-tile.tif', { ...spec, dtype: 'float32', pixels: pixels(spec, (n) => new Float32Array(n)), affine: [1, 0, 0, 0, -1, 0], epsg: 32633, overviews: true })]);
    expect([r.errors, r.warnings, r.factors]).toEqual([[], [], []]);
  });

  it('leaves the demo COGs (512 px, no overviews) valid', () => {
    const dir = writeDemoData(path.join(tmp.dir, 'demo'));
    const reports = checkCogs(DEMO_SCENES.flatMap((s) => DEMO_BANDS.map((b) => path.join(dir, demoHref(s, b)))));
    expect(reports.map((r) => [r.errors, r.warnings, r.factors])).toEqual(reports.map(() => [[], [], []]));
  });
});
