// polygonize on hand-drawn rasters (expected rings worked out on paper) and as properties:
// blocked equals whole, every pixel centre lies in its own region's polygon only, and
// simplification keeps neighbours sharing their edges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Geometry, Position, Ring } from '../../src/geo/geometry.js';
import { locateInPolygon } from '../../src/geo/predicates.js';
import { BlockPolygonizer, polygonize, type PolygonizedRegion } from '../../src/geo/polygonize.js';

// north-up, 1 map unit per pixel: pixel corner (col, row) is map (col, -row)
const T = { a: 1, b: 0, c: 0, d: 0, e: -1, f: 0 };
const rows = (text: string): number[][] => text.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
const raster = (grid: number[][]) => ({ width: grid[0].length, height: grid.length, values: grid.flat(), transform: T });
const square = (c: number, r: number, w: number, h: number): Position[] => [[c, 0 - r + 0], [c, -r - h], [c + w, -r - h], [c + w, 0 - r + 0], [c, 0 - r + 0]];

describe('polygonize: hand-drawn rasters', () => {
  it('a pixel is one counter-clockwise square starting at its top-left corner', () => {
    const [p] = polygonize({ width: 1, height: 1, values: [7], transform: { a: 10, b: 0, c: 500000, d: 0, e: -10, f: 4000000 } });
    expect(p).toEqual({
      value: 7, pixelCount: 1, area: 100, score: NaN,
      geometry: { type: 'Polygon', coordinates: [[[500000, 4000000], [500000, 3999990], [500010, 3999990], [500010, 4000000], [500000, 4000000]]] },
    });
  });

  it('keeps a hole, and the island in it as its own polygon (shell CCW, hole CW)', () => {
    const out = polygonize(raster(rows(`
      1 1 1 1 1
      1 0 0 0 1
      1 0 1 0 1
      1 0 0 0 1
      1 1 1 1 1`)));
    expect(out.map((r) => [r.value, r.pixelCount])).toEqual([[1, 16], [0, 8], [1, 1]]);
    expect(out[0].geometry).toEqual({ type: 'Polygon', coordinates: [square(0, 0, 5, 5), [[1, -1], [4, -1], [4, -4], [1, -4], [1, -1]]] });
    expect(out[1].geometry).toEqual({ type: 'Polygon', coordinates: [square(1, 1, 3, 3), [[2, -2], [3, -2], [3, -3], [2, -3], [2, -2]]] });
    expect(out[2].geometry).toEqual({ type: 'Polygon', coordinates: [square(2, 2, 1, 1)] });
  });

  it('splits pixels touching at a corner with 4-connectivity and joins them with 8', () => {
    const grid = raster([[1, 0], [0, 1]]);
    expect(polygonize(grid).map((r) => r.geometry.type)).toEqual(['Polygon', 'Polygon', 'Polygon', 'Polygon']);
    const eight = polygonize(grid, { connectivity: 8 });
    expect(eight.map((r) => [r.value, r.pixelCount])).toEqual([[1, 2], [0, 2]]);
    expect(eight[0].geometry).toEqual({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(1, 1, 1, 1)]] });
  });

  it('cuts a 4-connected ring that pinches into a shell and a hole touching at one point', () => {
    const [one] = polygonize(raster(rows(`
      1 1 1
      1 0 1
      1 1 0`)));
    expect(one.geometry).toEqual({
      type: 'Polygon',
      coordinates: [[[0, 0], [0, -3], [2, -3], [2, -2], [3, -2], [3, 0], [0, 0]], [[1, -1], [2, -1], [2, -2], [1, -2], [1, -1]]],
    });
  });

  it('with 8-connectivity gives a hole to the innermost part around it', () => {
    // the frame and arm (1) reach the inner block (1, holding a 3) at one corner only
    const out = polygonize(raster(rows(`
      1 1 1 1 1 1 1 1 1
      1 0 0 0 0 0 0 0 1
      1 0 1 1 1 0 0 0 1
      1 0 1 3 1 0 0 0 1
      1 0 1 1 1 0 0 0 1
      1 0 0 0 2 1 1 1 1
      1 0 0 0 0 0 0 0 1
      1 0 0 0 0 0 0 0 1
      1 1 1 1 1 1 1 1 1`)), { connectivity: 8 });
    const one = out[0];
    expect(one.pixelCount).toBe(32 + 3 + 8);
    expect(one.geometry.type).toBe('MultiPolygon');
    const parts = one.geometry.coordinates as Ring[][];
    expect(parts.map((p) => p.length)).toEqual([2, 2]);
    expect(parts[1]).toEqual([square(2, 2, 3, 3), [[3, -3], [4, -3], [4, -4], [3, -4], [3, -3]]]);
    expect(one.area).toBe(43);
  });

  it('keeps every pixel of an 8-connected crossing (GDAL 3.6 drops the centre one)', () => {
    const out = polygonize(raster(rows(`
      0 1 0
      1 0 1
      0 1 0`)), { connectivity: 8 });
    expect(out.map((r) => [r.value, r.pixelCount, r.area])).toEqual([[0, 5, 5], [1, 4, 4]]);
  });

  it('skips nodata and masked pixels and averages the score per region', () => {
    const out = polygonize({
      ...raster([[1, 1, 2], [1, 9, 2]]),
      nodata: 9,
      mask: [1, 1, 1, 1, 1, 0],
      score: [0.5, 0.7, 0.2, 0.9, 0, 0.4],
    });
    expect(out.map((r) => [r.value, r.pixelCount])).toEqual([[1, 3], [2, 1]]);
    expect(out[0].score).toBeCloseTo((0.5 + 0.7 + 0.9) / 3, 12);
    expect(out[1].score).toBeCloseTo(0.2, 12);
  });

  it('reverses rings for a south-up transform so shells stay counter-clockwise', () => {
    const [p] = polygonize({ width: 1, height: 1, values: [1], transform: { a: 1, b: 0, c: 0, d: 0, e: 1, f: 0 } });
    expect(p.geometry.coordinates).toEqual([[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]);
  });

  it('refuses inputs that do not fit, naming the sizes', () => {
    expect(() => polygonize({ ...raster([[1, 2]]), values: [1] })).toThrow('values has 1 pixels, expected 2x1 = 2');
    expect(() => polygonize(raster([[1]]), { connectivity: 6 as 4 })).toThrow('connectivity must be 4 or 8');
    const p = new BlockPolygonizer({ width: 10, height: 10, blockWidth: 4, blockHeight: 4, transform: T });
    expect(() => p.add({ colOff: 2, rowOff: 0, width: 4, height: 4, values: new Array(16).fill(0) })).toThrow('is not a block of the 10x10 raster cut in 4x4');
    expect(() => p.finish()).toThrow('never added');
  });
});

// a random raster: classes 0..2 with 2 as nodata half the time
const arbRaster = fc.record({
  width: fc.integer({ min: 1, max: 13 }),
  height: fc.integer({ min: 1, max: 13 }),
  seed: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 169, maxLength: 169 }),
  nodata: fc.boolean(),
  blockWidth: fc.integer({ min: 1, max: 8 }),
  blockHeight: fc.integer({ min: 1, max: 8 }),
  connectivity: fc.constantFrom(4 as const, 8 as const),
});

function inside(p: Position, g: Geometry): boolean {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  return polygons.some((rings) => locateInPolygon(p, rings) > 0);
}

describe('polygonize: properties', () => {
  it('gives the same polygons, to the bit, whatever the block size', () => {
    fc.assert(fc.property(arbRaster, ({ width, height, seed, nodata, blockWidth, blockHeight, connectivity }) => {
      const r = { width, height, values: seed.slice(0, width * height), transform: T, nodata: nodata ? 2 : undefined };
      expect(polygonize(r, { connectivity, blockWidth, blockHeight })).toEqual(polygonize(r, { connectivity }));
    }), { numRuns: 300 });
  });

  it('puts every valid pixel centre inside its own region and no other', () => {
    fc.assert(fc.property(arbRaster, ({ width, height, seed, nodata, blockWidth, blockHeight, connectivity }) => {
      const values = seed.slice(0, width * height);
      const out = polygonize({ width, height, values, transform: T, nodata: nodata ? 2 : undefined }, { connectivity, blockWidth, blockHeight });
      values.forEach((v, i) => {
        const centre: Position = [(i % width) + 0.5, -Math.floor(i / width) - 0.5];
        const hits = out.filter((r) => inside(centre, r.geometry));
        expect(hits.map((h) => h.value)).toEqual(nodata && v === 2 ? [] : [v]);
      });
      const valid = values.filter((v) => !(nodata && v === 2)).length;
      expect(out.reduce((s, r) => s + r.pixelCount, 0)).toBe(valid);
      out.forEach((r) => expect(r.area).toBe(r.pixelCount));
    }), { numRuns: 200 });
  });

  it('simplifies shared boundaries the same way on both sides (no gaps, no overlaps)', () => {
    fc.assert(fc.property(arbRaster, fc.double({ min: 0.5, max: 3, noNaN: true }), ({ width, height, seed, blockWidth, blockHeight, connectivity }, tol) => {
      // a frame of its own class keeps the raster border straight, so every other
      // segment divides two regions
      const values = framed(seed, width, height);
      const r = { width: width + 2, height: height + 2, values, transform: T };
      const out = polygonize(r, { connectivity, simplifyPx: tol, blockWidth, blockHeight });
      expect(unmatchedInnerSegments(out, width + 2, height + 2)).toEqual([]);
      expect(out.reduce((s, p) => s + p.area, 0)).toBeCloseTo((width + 2) * (height + 2), 9);
    }), { numRuns: 300 });
  });

  it('drops vertices when simplifying a staircase', () => {
    const grid = Array.from({ length: 12 }, (_, r) => Array.from({ length: 12 }, (_, c) => (c > r ? 1 : 0)));
    const exact = polygonize(raster(grid));
    const simple = polygonize(raster(grid), { simplifyPx: 1 });
    const count = (rs: PolygonizedRegion[]) => rs.reduce((s, p) => s + (p.geometry.coordinates[0] as Ring).length, 0);
    expect(count(simple)).toBeLessThan(count(exact) / 3);
  });
});

function framed(seed: number[], width: number, height: number): number[] {
  const out: number[] = [];
  for (let r = -1; r <= height; r++) {
    for (let c = -1; c <= width; c++) out.push(r < 0 || c < 0 || r === height || c === width ? 9 : seed[r * width + c]);
  }
  return out;
}

// every ring segment inside the raster must be walked once each way, by the two regions it
// divides; segments are first cut at vertices of other rings lying on them (T-junctions)
function unmatchedInnerSegments(out: PolygonizedRegion[], width: number, height: number): string[] {
  const rings = out.flatMap((p) => (p.geometry.type === 'Polygon' ? [p.geometry.coordinates] : (p.geometry.coordinates as Ring[][])).flat());
  const vertices = rings.flat();
  const onBorder = (a: Position, b: Position) =>
    (a[0] === b[0] && (a[0] === 0 || a[0] === width)) || (a[1] === b[1] && (a[1] === 0 || a[1] === -height));
  const segments = new Set<string>();
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const pieces = cutAt(ring[i], ring[i + 1], vertices);
      for (let k = 0; k + 1 < pieces.length; k++) {
        if (!onBorder(pieces[k], pieces[k + 1])) segments.add(`${pieces[k]}>${pieces[k + 1]}`);
      }
    }
  }
  return [...segments].filter((k) => !segments.has(k.split('>').reverse().join('>')));
}

function cutAt(a: Position, b: Position, vertices: readonly Position[]): Position[] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const on = vertices
    .map((p) => ({ p, t: ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 }))
    .filter(({ p, t }) => t > 0 && t < 1 && (p[0] - a[0]) * dy - (p[1] - a[1]) * dx === 0)
    .sort((u, v) => u.t - v.t);
  const unique = on.filter((u, i) => i === 0 || u.t !== on[i - 1].t).map((u) => u.p);
  return [a, ...unique, b];
}
