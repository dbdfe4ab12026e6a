import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  applyAffine, compose, fromGdal, fromRasteret, IDENTITY, invertAffine, isRectilinear, toGdal, toRasteret, translation,
  type Affine,
} from '../../src/geo/affine.js';

// A 10 m Sentinel-2 tile of UTM 33N: origin (500000, 5800020), north-up
const S2: Affine = { a: 10, b: 0, c: 500000, d: 0, e: -10, f: 5800020 };

// the affine package rasterio uses, as the reference for compose and invert
const hasAffine = spawnSync('/usr/bin/python3', ['-c', 'import affine']).status === 0;

function pythonAffine(expr: string, ts: Affine[][]): number[][] {
  const program = `import json, sys\nfrom affine import Affine\nout = []\nfor t, u in json.load(sys.stdin):\n  t = Affine(*t); u = Affine(*u)\n  r = ${expr}\n  out.append(list(r)[:6])\njson.dump(out, sys.stdout)`;
  const r = spawnSync('/usr/bin/python3', ['-c', program], { input: JSON.stringify(ts.map((p) => p.map((t) => [t.a, t.b, t.c, t.d, t.e, t.f]))), encoding: 'utf8' });
  return JSON.parse(r.stdout) as number[][];
}

const values = (t: Affine) => [t.a, t.b, t.c, t.d, t.e, t.f];

describe('Affine', () => {
  it('maps pixel corners and centres like rasterio (pixel-is-area)', () => {
    expect(applyAffine(S2, 0, 0)).toEqual([500000, 5800020]);
    expect(applyAffine(S2, 0.5, 0.5)).toEqual([500005, 5800015]);
    expect(applyAffine(S2, 3, 2)).toEqual([500030, 5800000]);
  });

  it('inverts: ~t maps map coordinates back to fractional col, row', () => {
    expect(applyAffine(invertAffine(S2), 500030, 5800000)).toEqual([3, 2]);
    const rotated: Affine = { a: 0, b: 2, c: 5, d: -3, e: 0, f: 7 };
    const [x, y] = applyAffine(rotated, 4, 9);
    const [col, row] = applyAffine(invertAffine(rotated), x, y);
    expect(col).toBeCloseTo(4, 12);
    expect(row).toBeCloseTo(9, 12);
  });

  it('refuses to invert a degenerate transform', () => {
    expect(() => invertAffine({ ...S2, a: 0 })).toThrow(InputError);
    expect(() => invertAffine({ ...S2, a: 0 })).toThrow(/cannot be inverted \(determinant 0\)/);
  });

  it('composes like rasterio: a window transform is t * translation(col, row)', () => {
    expect(compose(S2, translation(100, 200))).toEqual({ a: 10, b: 0, c: 501000, d: 0, e: -10, f: 5798020 });
    expect(compose(S2, IDENTITY)).toEqual(S2);
  });

  it.skipIf(!hasAffine)('agrees with the affine package on compose and invert of random transforms', () => {
    const n = fc.integer({ min: -1000, max: 1000 }).map((v) => v / 8);
    const t = fc.tuple(n, n, n, n, n, n).map(([a, b, c, d, e, f]) => ({ a, b, c, d, e, f }))
      .filter((t) => t.a * t.e - t.b * t.d !== 0);
    const pairs = fc.sample(fc.tuple(t, t), 200);
    const composed = pythonAffine('t * u', pairs);
    const inverted = pythonAffine('~t', pairs);
    pairs.forEach(([p, q], i) => {
      expect(values(compose(p, q))).toEqual(composed[i]);
      values(invertAffine(p)).forEach((v, k) => expect(v).toBeCloseTo(inverted[i][k], 9));
    });
  });

  it("converts to and from GDAL's geotransform [c, a, b, f, d, e]", () => {
    // gdalinfo's "GeoTransform = 500000, 10, 0, 5800020, 0, -10" for the same tile
    expect(toGdal(S2)).toEqual([500000, 10, 0, 5800020, 0, -10]);
    expect(fromGdal([500000, 10, 0, 5800020, 0, -10])).toEqual(S2);
    const rotated: Affine = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 };
    expect(fromGdal(toGdal(rotated))).toEqual(rotated);
  });

  it("converts to and from Rasteret's [a, c, e, f], refusing rotation", () => {
    expect(toRasteret(S2)).toEqual([10, 500000, -10, 5800020]);
    expect(fromRasteret([10, 500000, -10, 5800020])).toEqual(S2);
    expect(isRectilinear(S2)).toBe(true);
    expect(() => toRasteret({ ...S2, b: 0.5 })).toThrow(/rotated or sheared \(b=0.5, d=0\)/);
  });
});
