// A GEOMETRYCOLLECTION read as the MULTIPOLYGON of its polygons (read_chip's rule).
import { describe, expect, it } from 'vitest';
import type { GeometryCollection } from '../../src/geo/geometry.js';
import { polygonalCollection } from '../../src/geo/polygonal-collection.js';
import { parseWkt } from '../../src/geo/wkt.js';

const gc = (wkt: string) => parseWkt(wkt) as GeometryCollection;

describe('polygonalCollection', () => {
  it('flattens polygons, multipolygons and nested collections in order, skipping empty members', () => {
    const r = polygonalCollection(gc('GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0)), POINT EMPTY, MULTIPOLYGON (((5 5, 6 5, 6 6, 5 5)), EMPTY), GEOMETRYCOLLECTION (POLYGON EMPTY, POLYGON ((9 9, 8 9, 8 8, 9 9))))'));
    expect(r).toEqual({ ok: true, geometry: { type: 'MultiPolygon', coordinates: [
      [[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]], [[[9, 9], [8, 9], [8, 8], [9, 9]]],
    ] } });
    expect(polygonalCollection(gc('GEOMETRYCOLLECTION EMPTY'))).toEqual({ ok: true, geometry: { type: 'MultiPolygon', coordinates: [] } });
  });

  it('names the first member that is not polygonal by its position, nested ones as 2.1', () => {
    expect(polygonalCollection(gc('GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0)), LINESTRING (0 0, 1 1))'))).toEqual({ ok: false, member: '2', type: 'LineString' });
    expect(polygonalCollection(gc('GEOMETRYCOLLECTION (POLYGON EMPTY, GEOMETRYCOLLECTION (MULTIPOINT ((1 1))))'))).toEqual({ ok: false, member: '2.1', type: 'MultiPoint' });
  });
});
