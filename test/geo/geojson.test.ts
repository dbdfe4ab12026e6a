import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { formatGeoJsonNumber, parseGeoJson, toGeoJson } from '../../src/geo/geojson.js';
import { parseWkb, toWkb } from '../../src/geo/wkb.js';
import { parseWkt, toWkt } from '../../src/geo/wkt.js';
import { SAMPLE_WKT } from './sample-geometries.js';

describe('toGeoJson', () => {
  it("prints DuckDB spatial's documented ST_AsGeoJSON example", () => {
    // EXAMPLE of ST_AsGeoJSON in duckdb-spatial (spatial_functions_scalar.cpp)
    expect(toGeoJson(parseWkt('POLYGON((0 0, 0 1, 1 1, 1 0, 0 0))'))).toBe(
      '{"type":"Polygon","coordinates":[[[0.0,0.0],[0.0,1.0],[1.0,1.0],[1.0,0.0],[0.0,0.0]]]}',
    );
    expect(toGeoJson(parseWkt('POINT (1 2)'))).toBe('{"type":"Point","coordinates":[1.0,2.0]}');
  });

  it('prints every type, empties as [] and collections as geometries', () => {
    expect(toGeoJson(parseWkt('POINT EMPTY'))).toBe('{"type":"Point","coordinates":[]}');
    expect(toGeoJson(parseWkt('LINESTRING EMPTY'))).toBe('{"type":"LineString","coordinates":[]}');
    expect(toGeoJson(parseWkt('MULTIPOINT (EMPTY, 3 4)'))).toBe('{"type":"MultiPoint","coordinates":[[3.0,4.0]]}');
    expect(toGeoJson(parseWkt('MULTILINESTRING ((0 0, 1 1), EMPTY)'))).toBe(
      '{"type":"MultiLineString","coordinates":[[[0.0,0.0],[1.0,1.0]],[]]}',
    );
    expect(toGeoJson(parseWkt('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), EMPTY)'))).toBe(
      '{"type":"MultiPolygon","coordinates":[[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]]],[]]}',
    );
    expect(toGeoJson(parseWkt('GEOMETRYCOLLECTION (POINT (1 2), GEOMETRYCOLLECTION EMPTY)'))).toBe(
      '{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1.0,2.0]},{"type":"GeometryCollection","geometries":[]}]}',
    );
  });

  it("formats numbers by yyjson's rules (ECMAScript digits, .0 kept, no + in exponents)", () => {
    const cases: [number, string][] = [
      [0, '0.0'], [-0, '-0.0'], [1, '1.0'], [-2.5, '-2.5'], [0.1, '0.1'], [1e20, '100000000000000000000.0'],
      [1e21, '1e21'], [1.5e300, '1.5e300'], [1e-6, '0.000001'], [1e-7, '1e-7'], [5e-324, '5e-324'],
      [2 ** 53, '9007199254740992.0'], [500000.123, '500000.123'], [NaN, 'null'],
    ];
    for (const [n, text] of cases) expect(formatGeoJsonNumber(n)).toBe(text);
  });
});

describe('parseGeoJson', () => {
  it('round-trips every sample through GeoJSON (empty MultiPoint members aside)', () => {
    for (const wkt of SAMPLE_WKT) {
      const expected = wkt === 'MULTIPOINT (EMPTY, 3 4)' ? 'MULTIPOINT (3 4)' : wkt;
      expect(toWkt(parseGeoJson(toGeoJson(parseWkt(wkt))))).toBe(expected);
    }
  });

  it('round-trips WKT → WKB → GeoJSON → WKB → WKT', () => {
    for (const wkt of SAMPLE_WKT.filter((w) => !w.includes('EMPTY, 3 4'))) {
      const viaJson = parseGeoJson(toGeoJson(parseWkb(toWkb(parseWkt(wkt)))));
      expect(toWkt(parseWkb(toWkb(viaJson)))).toBe(wkt);
    }
  });

  it('takes parsed objects, drops altitude and reads [] as an empty point', () => {
    expect(parseGeoJson({ type: 'Point', coordinates: [1, 2, 3] })).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(toWkt(parseGeoJson({ type: 'Point', coordinates: [] }))).toBe('POINT EMPTY');
  });

  it('takes the geometry of a Feature and of a FeatureCollection', () => {
    const f = (x: number) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [x, 0] } });
    expect(toWkt(parseGeoJson(JSON.stringify(f(1))))).toBe('POINT (1 0)');
    expect(toWkt(parseGeoJson({ type: 'FeatureCollection', features: [f(1)] }))).toBe('POINT (1 0)');
    expect(toWkt(parseGeoJson({ type: 'FeatureCollection', features: [f(1), f(2)] }))).toBe(
      'GEOMETRYCOLLECTION (POINT (1 0), POINT (2 0))',
    );
    expect(toWkt(parseGeoJson({ type: 'FeatureCollection', features: [] }))).toBe('GEOMETRYCOLLECTION EMPTY');
  });

  it.each([
    ['{"type":', /invalid GeoJSON: .*JSON/],
    ['{"type":"Circle","coordinates":[1,2]}', /at \$\.type: unknown type "Circle"/],
    ['{"type":"LineString","coordinates":[[0,0],[1,"a"]]}', /at \$\.coordinates\[1\]: expected a position/],
    ['{"type":"Polygon","coordinates":[[[0,0],[1]]]}', /at \$\.coordinates\[0\]\[1\]: expected a position/],
    ['{"type":"Feature","geometry":null}', /at \$\.geometry: the Feature has no geometry/],
    ['{"type":"FeatureCollection","features":[{"type":"Point","coordinates":[1,2]}]}', /features\[0\]: expected a Feature/],
    ['[1,2]', /expected an object/],
    ['{"type":"GeometryCollection"}', /\$\.geometries: expected an array/],
  ])('rejects %s with an InputError naming the JSON path', (json, message) => {
    expect(() => parseGeoJson(json)).toThrow(InputError);
    expect(() => parseGeoJson(json)).toThrow(message);
  });
});
