import { describe, expect, it } from 'vitest';
import { isEmpty, mapPositions } from '../../src/geo/geometry.js';
import { parseWkt, toWkt } from '../../src/geo/wkt.js';

describe('isEmpty', () => {
  it.each([
    ['POINT EMPTY', true],
    ['POINT (0 0)', false],
    ['LINESTRING EMPTY', true],
    ['POLYGON EMPTY', true],
    ['MULTIPOINT (EMPTY, EMPTY)', true],
    ['MULTIPOINT (EMPTY, 1 2)', false],
    ['MULTILINESTRING (EMPTY)', true],
    ['MULTIPOLYGON (EMPTY, EMPTY)', true],
    ['GEOMETRYCOLLECTION (POINT EMPTY, GEOMETRYCOLLECTION EMPTY)', true],
    ['GEOMETRYCOLLECTION (POINT EMPTY, POINT (1 1))', false],
  ])('%s → %s', (wkt, empty) => {
    expect(isEmpty(parseWkt(wkt))).toBe(empty);
  });
});

describe('mapPositions', () => {
  it('maps every position of every type and leaves empty points alone', () => {
    const g = parseWkt('GEOMETRYCOLLECTION (MULTIPOINT (EMPTY, 1 2), POLYGON ((0 0, 1 0, 1 1, 0 0), (0.5 0.5, 0.6 0.5, 0.6 0.6, 0.5 0.5)), MULTILINESTRING ((1 1, 2 2)), MULTIPOLYGON (((0 0, 2 0, 2 2, 0 0))))');
    const calls: number[] = [];
    const swapped = mapPositions(g, ([x, y]) => {
      calls.push(x);
      return [y, x * 10];
    });
    expect(toWkt(swapped)).toBe(
      'GEOMETRYCOLLECTION (MULTIPOINT (EMPTY, 2 10), POLYGON ((0 0, 0 10, 1 10, 0 0), (0.5 5, 0.5 6, 0.6 6, 0.5 5)), MULTILINESTRING ((1 10, 2 20)), MULTIPOLYGON (((0 0, 0 20, 2 20, 0 0))))',
    );
    expect(calls).toHaveLength(1 + 8 + 2 + 4);
  });
});
