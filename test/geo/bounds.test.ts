import { describe, expect, it } from 'vitest';
import { bounds, boundsIntersect, envelope } from '../../src/geo/bounds.js';
import { parseWkt, toWkt } from '../../src/geo/wkt.js';

describe('bounds', () => {
  it('covers every position of every type', () => {
    expect(bounds(parseWkt('POINT (3 -4)'))).toEqual({ xmin: 3, ymin: -4, xmax: 3, ymax: -4 });
    expect(bounds(parseWkt('LINESTRING (0 5, -2 1, 7 3)'))).toEqual({ xmin: -2, ymin: 1, xmax: 7, ymax: 5 });
    expect(bounds(parseWkt('POLYGON ((0 0, 10 0, 10 10, 0 0), (1 1, 2 1, 2 2, 1 1))'))).toEqual({ xmin: 0, ymin: 0, xmax: 10, ymax: 10 });
    expect(bounds(parseWkt('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 9, 5 5)))'))).toEqual({ xmin: 0, ymin: 0, xmax: 6, ymax: 9 });
    expect(bounds(parseWkt('GEOMETRYCOLLECTION (POINT (-1 -1), LINESTRING (2 2, 3 8))'))).toEqual({ xmin: -1, ymin: -1, xmax: 3, ymax: 8 });
  });

  it('is undefined for empties and skips empty members', () => {
    for (const wkt of ['POINT EMPTY', 'LINESTRING EMPTY', 'POLYGON EMPTY', 'MULTIPOINT (EMPTY)', 'GEOMETRYCOLLECTION (POINT EMPTY)']) {
      expect(bounds(parseWkt(wkt))).toBeUndefined();
    }
    expect(bounds(parseWkt('MULTIPOINT (EMPTY, 3 4, 5 1)'))).toEqual({ xmin: 3, ymin: 1, xmax: 5, ymax: 4 });
  });
});

describe('envelope', () => {
  it("follows GEOS's ST_Envelope: polygon ring from min-min counter-clockwise", () => {
    expect(toWkt(envelope(parseWkt('LINESTRING (0 5, -2 1, 7 3)')))).toBe('POLYGON ((-2 1, 7 1, 7 5, -2 5, -2 1))');
  });

  it('gives a point for a point, POINT EMPTY for an empty input', () => {
    expect(toWkt(envelope(parseWkt('MULTIPOINT (1 2, 1 2)')))).toBe('POINT (1 2)');
    expect(toWkt(envelope(parseWkt('POLYGON EMPTY')))).toBe('POINT EMPTY');
  });
});

describe('boundsIntersect', () => {
  it('counts touching boxes', () => {
    const a = { xmin: 0, ymin: 0, xmax: 1, ymax: 1 };
    expect(boundsIntersect(a, { xmin: 1, ymin: 1, xmax: 2, ymax: 2 })).toBe(true);
    expect(boundsIntersect(a, { xmin: 1.5, ymin: 0, xmax: 2, ymax: 1 })).toBe(false);
  });
});
