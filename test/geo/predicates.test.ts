import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Position } from '../../src/geo/geometry.js';
import { orient } from '../../src/geo/orient.js';
import { area, intersects, length, segmentsIntersect } from '../../src/geo/predicates.js';
import { parseWkt } from '../../src/geo/wkt.js';
import { hasGdal, runGdal } from './gdal-reference.js';

const SQUARE = 'POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))';
const SQUARE_WITH_HOLE = 'POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))';

// Each row worked out by hand on graph paper; OGC: touching counts
const TRUTH_TABLE: [string, string, boolean][] = [
  ['POINT (1 1)', 'POINT (1 1)', true],
  ['POINT (1 1)', 'POINT (1 1.0000001)', false],
  ['POINT (1 1)', 'LINESTRING (0 0, 2 2)', true],
  ['POINT (0 0)', 'LINESTRING (0 0, 2 2)', true],
  ['POINT (1 1.1)', 'LINESTRING (0 0, 2 2)', false],
  ['POINT (3 3)', 'LINESTRING (0 0, 2 2)', false],
  ['POINT (5 5)', SQUARE, true],
  ['POINT (10 5)', SQUARE, true],
  ['POINT (10 10)', SQUARE, true],
  ['POINT (11 5)', SQUARE, false],
  ['POINT (5 5)', SQUARE_WITH_HOLE, false],
  ['POINT (4 5)', SQUARE_WITH_HOLE, true],
  ['POINT (2 2)', SQUARE_WITH_HOLE, true],
  ['LINESTRING (0 0, 2 2)', 'LINESTRING (0 2, 2 0)', true],
  ['LINESTRING (0 0, 2 2)', 'LINESTRING (2 2, 3 0)', true],
  ['LINESTRING (0 0, 2 0)', 'LINESTRING (1 0, 3 0)', true],
  ['LINESTRING (0 0, 1 0)', 'LINESTRING (2 0, 3 0)', false],
  ['LINESTRING (0 0, 2 0)', 'LINESTRING (0 1, 2 1)', false],
  ['LINESTRING (0 0, 2 0)', 'LINESTRING (1 0, 1 5)', true],
  ['LINESTRING (0 0, 1 1)', 'LINESTRING (1.5 1.5, 3 0)', false],
  ['LINESTRING (-5 5, 15 5)', SQUARE, true],
  ['LINESTRING (1 1, 2 2)', SQUARE, true],
  ['LINESTRING (4.5 4.5, 5.5 5.5)', SQUARE_WITH_HOLE, false],
  ['LINESTRING (5 5, 5 8)', SQUARE_WITH_HOLE, true],
  ['LINESTRING (10 -5, 10 0)', SQUARE, true],
  ['LINESTRING (11 0, 11 10)', SQUARE, false],
  ['POLYGON ((5 5, 15 5, 15 15, 5 15, 5 5))', SQUARE, true],
  ['POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))', SQUARE, true],
  ['POLYGON ((10 10, 20 10, 20 20, 10 20, 10 10))', SQUARE, true],
  ['POLYGON ((2 2, 3 2, 3 3, 2 3, 2 2))', SQUARE, true],
  ['POLYGON ((-5 -5, 20 -5, 20 20, -5 20, -5 -5))', SQUARE, true],
  ['POLYGON ((4.5 4.5, 5.5 4.5, 5.5 5.5, 4.5 5.5, 4.5 4.5))', SQUARE_WITH_HOLE, false],
  ['POLYGON ((4 4, 5 4, 5 5, 4 5, 4 4))', SQUARE_WITH_HOLE, true],
  ['POLYGON ((11 0, 20 0, 20 10, 11 10, 11 0))', SQUARE, false],
  ['POLYGON ((12 -1, 12 12, -1 12, 12 -1))', SQUARE, true],
  ['POLYGON ((22 -1, 22 22, -1 22, 22 -1))', SQUARE, false],
  ['POLYGON ((21 -1, 21 21, -1 21, 21 -1))', SQUARE, true],
  ['MULTIPOINT (20 20, 5 5)', SQUARE, true],
  ['MULTIPOINT (20 20, 5 5)', SQUARE_WITH_HOLE, false],
  ['MULTIPOLYGON (((20 20, 21 20, 21 21, 20 20)), ((9 9, 12 9, 12 12, 9 9)))', SQUARE, true],
  ['GEOMETRYCOLLECTION (POINT (20 20), LINESTRING (10 11, 11 10))', SQUARE, false],
  ['GEOMETRYCOLLECTION (POINT (20 20), LINESTRING (9 11, 11 9))', SQUARE, true],
  ['POINT EMPTY', SQUARE, false],
  ['POLYGON EMPTY', 'POLYGON EMPTY', false],
  ['GEOMETRYCOLLECTION EMPTY', 'POINT (1 1)', false],
  ['MULTIPOINT (EMPTY, 5 5)', SQUARE, true],
];

describe('intersects', () => {
  it.each(TRUTH_TABLE)('%s ∩ %s = %s (both orders)', (a, b, expected) => {
    expect(intersects(parseWkt(a), parseWkt(b))).toBe(expected);
    expect(intersects(parseWkt(b), parseWkt(a))).toBe(expected);
  });

  it('sees points on an edge whose coordinates round (robust orientation)', () => {
    // 0.1 + 0.2 is not 0.3 in doubles; (0.1, 0.1)-(0.3, 0.3) still contains (0.2, 0.2) exactly
    expect(intersects(parseWkt('POINT (0.2 0.2)'), parseWkt('LINESTRING (0.1 0.1, 0.3 0.3)'))).toBe(true);
    // the same point shifted by one ulp is not on the line
    const y = 0.2 + 2 ** -55;
    expect(intersects({ type: 'Point', coordinates: [0.2, y] }, parseWkt('LINESTRING (0.1 0.1, 0.3 0.3)'))).toBe(false);
  });

  it.skipIf(!hasGdal)('agrees with GEOS (through GDAL/OGR) on random touching-prone shapes', () => {
    // small integer grids make shared vertices, collinear edges and touching corners common
    const c = fc.integer({ min: 0, max: 6 });
    const xy = fc.tuple(c, c);
    const pt = xy.map(([x, y]) => `${x} ${y}`);
    // collapsed polygons and zero-length lines are invalid, and GEOS gives no defined answer for them
    const triangle = fc.tuple(xy, xy, xy)
      .filter(([a, b, d]) => (b[0] - a[0]) * (d[1] - a[1]) !== (b[1] - a[1]) * (d[0] - a[0]))
      .map(([a, b, d]) => `POLYGON ((${a.join(' ')}, ${b.join(' ')}, ${d.join(' ')}, ${a.join(' ')}))`);
    const shape = fc.oneof(
      pt.map((p) => `POINT (${p})`),
      fc.tuple(pt, pt, pt).filter(([a, b, d]) => a !== b || b !== d).map(([a, b, d]) => `LINESTRING (${a}, ${b}, ${d})`),
      triangle,
      fc.tuple(c, c, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).map(
        ([x, y, w, h]) => `POLYGON ((${x} ${y}, ${x + w} ${y}, ${x + w} ${y + h}, ${x} ${y + h}, ${x} ${y}), ` +
          `(${x + w / 4} ${y + h / 4}, ${x + w / 4} ${y + (3 * h) / 4}, ${x + (3 * w) / 4} ${y + (3 * h) / 4}, ${x + (3 * w) / 4} ${y + h / 4}, ${x + w / 4} ${y + h / 4}))`,
      ),
    );
    const pairs = fc.sample(fc.tuple(shape, shape), 3000);
    const geos = runGdal<boolean[]>(
      'result = [ogr.CreateGeometryFromWkt(a).Intersects(ogr.CreateGeometryFromWkt(b)) for a, b in data]',
      pairs,
    );
    const ours = pairs.map(([a, b]) => intersects(parseWkt(a), parseWkt(b)));
    const mismatches = pairs.filter((_, i) => ours[i] !== geos[i]);
    expect(mismatches).toEqual([]);
  });

  it('is symmetric', () => {
    const coord = fc.integer({ min: -5, max: 5 });
    const tri = fc.tuple(coord, coord, coord, coord, coord, coord).map(
      ([a, b, c, d, e, f]) => parseWkt(`POLYGON ((${a} ${b}, ${c} ${d}, ${e} ${f}, ${a} ${b}))`),
    );
    fc.assert(fc.property(tri, tri, (p, q) => intersects(p, q) === intersects(q, p)), { numRuns: 2000 });
  });
});

describe('orient', () => {
  it('gives the exact sign for integer coordinates up to 2^60 (checked with BigInt)', () => {
    const big = fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((n) => n * 2 ** 30 + (n % 7));
    const pt = fc.tuple(big, big);
    fc.assert(
      fc.property(pt, pt, fc.tuple(big, big), fc.integer({ min: -3, max: 3 }), (a, b, c, nudge) => {
        // c on or next to the line a-b, where plain doubles lose the sign
        const onLine: Position = [a[0] + 2 * (b[0] - a[0]), a[1] + 2 * (b[1] - a[1]) + nudge];
        for (const p of [onLine, c as Position]) {
          const [ax, ay, bx, by, px, py] = [a[0], a[1], b[0], b[1], p[0], p[1]].map((v) => BigInt(v));
          const det = (ax - px) * (by - py) - (ay - py) * (bx - px);
          expect(orient(a, b, p)).toBe(det > 0n ? 1 : det < 0n ? -1 : 0);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('segmentsIntersect', () => {
  it('handles zero-length segments', () => {
    expect(segmentsIntersect([1, 1], [1, 1], [0, 0], [2, 2])).toBe(true);
    expect(segmentsIntersect([1, 1], [1, 1], [1, 1], [1, 1])).toBe(true);
    expect(segmentsIntersect([1, 2], [1, 2], [0, 0], [2, 2])).toBe(false);
  });
});

describe('area and length', () => {
  it('subtracts holes: 10×10 square minus a 2×2 hole is 96', () => {
    expect(area(parseWkt(SQUARE_WITH_HOLE))).toBe(96);
  });

  it('ignores ring orientation and sums multi parts', () => {
    expect(area(parseWkt('POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0))'))).toBe(100);
    expect(area(parseWkt('MULTIPOLYGON (((0 0, 2 0, 2 2, 0 0)), ((0 0, 3 0, 0 3, 0 0)))'))).toBe(2 + 4.5);
    expect(area(parseWkt('GEOMETRYCOLLECTION (POINT (1 1), POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0)))'))).toBe(1);
    expect(area(parseWkt('LINESTRING (0 0, 1 1)'))).toBe(0);
    expect(area(parseWkt('POLYGON EMPTY'))).toBe(0);
  });

  it('keeps precision far from the origin (a 10 m square at UTM northings)', () => {
    const poly = parseWkt('POLYGON ((500000.1 5761038.3, 500010.1 5761038.3, 500010.1 5761048.3, 500000.1 5761048.3, 500000.1 5761038.3))');
    expect(area(poly)).toBeCloseTo(100, 6);
  });

  it('measures lines only, as DuckDB spatial: 3-4-5 triangle legs', () => {
    expect(length(parseWkt('LINESTRING (0 0, 3 4, 3 0)'))).toBe(9);
    expect(length(parseWkt('MULTILINESTRING ((0 0, 3 4), (0 0, 0 1))'))).toBe(6);
    expect(length(parseWkt(SQUARE))).toBe(0);
  });
});
