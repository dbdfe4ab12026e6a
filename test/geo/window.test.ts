/**
 * geometryWindow and windowTransform against rasterio 1.3.5's geometry_window and
 * dataset.window_transform on random shapes over real grids and on boxes lying exactly on
 * the pixel edges of odd grids (where affine's rounding of ~t decides floor and ceil),
 * compared exactly; plus hand-worked cases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Affine } from '../../src/geo/affine.js';
import { geometryWindow, intersectWindows, invertAffineRasterio, windowTransform } from '../../src/geo/window.js';
import { alignedBoxCases, randomCases } from './random-shapes.js';
import { affineOf, askRasterio, type ReferenceAnswer, type ReferenceCase } from './rasterio-reference.js';

// one all_touched setting is enough: windows do not depend on it
const CASES: ReferenceCase[] = [...randomCases(7, 2000).filter((c) => !c.all_touched), ...alignedBoxCases(8, 2000, 0)];
let answers: ReferenceAnswer[] = [];

beforeAll(() => {
  answers = askRasterio(CASES);
}, 120_000);

describe('geometryWindow against rasterio', () => {
  it('gives the same window and transform for every shape, null where rasterio raises WindowError', () => {
    const failures: string[] = [];
    let nulls = 0;
    CASES.forEach((c, i) => {
      const t = affineOf(c.transform);
      const w = geometryWindow(c.geometry, t, c.width, c.height);
      const got = w && [w.colOff, w.rowOff, w.width, w.height];
      if (!w) nulls++;
      const wt = w && windowTransform(t, w);
      const gotT = wt && [wt.a, wt.b, wt.c, wt.d, wt.e, wt.f];
      if (JSON.stringify(got) !== JSON.stringify(answers[i].window) || JSON.stringify(gotT) !== JSON.stringify(answers[i].window_transform)) failures.push(c.name);
    });
    console.log(`window parity: ${CASES.length} shapes (${nulls} outside), ${failures.length} different`);
    expect(failures).toEqual([]);
    expect(nulls).toBeGreaterThan(10);
  });
});

const UTM: Affine = { a: 10, b: 0, c: 499980, d: 0, e: -10, f: 5200020 };

describe('geometryWindow by hand', () => {
  it('floors the top-left and ceils the bottom-right pixel coordinate', () => {
    // x 500005..500031 -> cols 2.5..5.1; y 5199990..5199975 -> rows 3..4.5
    const g = { type: 'Polygon' as const, coordinates: [[[500005, 5199990], [500031, 5199990], [500031, 5199975], [500005, 5199975], [500005, 5199990]]] as [number, number][][] };
    expect(geometryWindow(g, UTM, 100, 100)).toEqual({ colOff: 2, rowOff: 3, width: 4, height: 2 });
  });

  it('is null outside the raster and for a line along a pixel edge (no width)', () => {
    const outside = { type: 'Point' as const, coordinates: [400000, 5199990] as [number, number] };
    expect(geometryWindow(outside, UTM, 100, 100)).toBeNull();
    const edge = { type: 'LineString' as const, coordinates: [[500000, 5199990], [500000, 5199900]] as [number, number][] };
    expect(geometryWindow(edge, UTM, 100, 100)).toBeNull();
  });

  it('clips to the raster', () => {
    expect(intersectWindows({ colOff: -3, rowOff: 5, width: 10, height: 10 }, { colOff: 0, rowOff: 0, width: 6, height: 8 })).toEqual({ colOff: 0, rowOff: 5, width: 6, height: 3 });
  });

  it("inverts like affine's ~t (times 1/det)", () => {
    const inv = invertAffineRasterio(UTM)!;
    expect(inv.a).toBe(-10 * (1 / -100)); // e · (1 / det), not e / det
    expect(invertAffineRasterio({ a: 0, b: 0, c: 0, d: 0, e: 1, f: 0 })).toBeUndefined();
  });
});
