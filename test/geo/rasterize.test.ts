/**
 * rasterizeGeometry against rasterio.features.geometry_mask (GDAL 3.6) on thousands of
 * random shapes over real grids, both all_touched settings, and on boxes with corners on
 * pixel centres or edges of odd grids (where GDAL's inverse geotransform decides ties);
 * plus edge cases whose answers are worked out by hand from GDAL's rules.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Geometry } from '../../src/geo/geometry.js';
import { isClockwiseOgr, rasterizeGeometry } from '../../src/geo/rasterize.js';
import { alignedBoxCases, randomCases } from './random-shapes.js';
import { affineOf, askRasterio, type ReferenceAnswer, type ReferenceCase } from './rasterio-reference.js';

const CASES: ReferenceCase[] = [...randomCases(20240611, 1500), ...alignedBoxCases(9, 1500, 0.5), ...alignedBoxCases(10, 500, 0)];
let answers: ReferenceAnswer[] = [];

beforeAll(() => {
  answers = askRasterio(CASES);
}, 120_000);

function ours(c: ReferenceCase): string {
  const mask = rasterizeGeometry(c.geometry, { transform: affineOf(c.transform), width: c.width, height: c.height, allTouched: c.all_touched });
  return Array.from(mask, (v) => (v ? '1' : '0')).join('');
}

describe('rasterizeGeometry against rasterio 1.3.5 / GDAL 3.6', () => {
  it.each([false, true])('burns exactly the pixels rasterio burns (all_touched=%s)', (allTouched) => {
    const failures: string[] = [];
    let compared = 0;
    CASES.forEach((c, i) => {
      if (c.all_touched !== allTouched || answers[i].mask === null) return;
      compared++;
      if (ours(c) !== answers[i].mask) failures.push(c.name);
    });
    console.log(`rasterize parity (all_touched=${allTouched}): ${compared} shapes, ${failures.length} different`);
    expect(failures).toEqual([]);
    expect(compared).toBeGreaterThan(1500);
  });
});

/** A 4 x 3 identity grid (map units = pixels, y down), so answers can be worked out by hand. */
function burn(g: Geometry, allTouched = false): string[] {
  const m = rasterizeGeometry(g, { transform: { a: 1, b: 0, c: 0, d: 0, e: 1, f: 0 }, width: 4, height: 3, allTouched });
  return [0, 1, 2].map((r) => Array.from(m.subarray(r * 4, r * 4 + 4)).join(''));
}

describe('rasterizeGeometry by hand', () => {
  it('burns a pixel when its centre is inside, not when the polygon only covers part of it', () => {
    // centres at x.5: the box 0.6..3.4 x 0..3 holds centres 1.5 and 2.5 only
    expect(burn({ type: 'Polygon', coordinates: [[[0.6, 0], [3.4, 0], [3.4, 3], [0.6, 3], [0.6, 0]]] })).toEqual(['0110', '0110', '0110']);
    expect(burn({ type: 'Polygon', coordinates: [[[0.6, 0], [3.4, 0], [3.4, 3], [0.6, 3], [0.6, 0]]] }, true)).toEqual(['1111', '1111', '1111']);
  });

  it('leaves holes empty (even-odd over the rings)', () => {
    const g: Geometry = { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 3], [0, 3], [0, 0]], [[1, 1], [3, 1], [3, 2], [1, 2], [1, 1]]] };
    expect(burn(g)).toEqual(['1111', '1001', '1111']);
  });

  it('burns the pixel holding a point (floor of its pixel coordinates)', () => {
    expect(burn({ type: 'Point', coordinates: [2, 1] })).toEqual(['0000', '0010', '0000']);
  });

  it('tells clockwise rings as OGR does (y up)', () => {
    expect(isClockwiseOgr([[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]])).toBe(true);
    expect(isClockwiseOgr([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]])).toBe(false);
  });
});
