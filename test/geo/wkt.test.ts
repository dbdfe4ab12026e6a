import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { formatWktNumber, parseWkt, readWkt, toWkt } from '../../src/geo/wkt.js';
import { duckdbAsText } from './duckdb-geometry.js';
import { SAMPLE_WKT } from './sample-geometries.js';

describe('parseWkt', () => {
  it('reads each type into the GeoJSON-shaped model', () => {
    expect(parseWkt('POINT (1 2)')).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(parseWkt('POLYGON ((0 0, 1 0, 1 1, 0 0), (0.2 0.2, 0.4 0.2, 0.4 0.4, 0.2 0.2))')).toEqual({
      type: 'Polygon',
      coordinates: [
        [[0, 0], [1, 0], [1, 1], [0, 0]],
        [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.2]],
      ],
    });
    expect(parseWkt('GEOMETRYCOLLECTION (POINT (1 2), LINESTRING EMPTY)')).toEqual({
      type: 'GeometryCollection',
      geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [] }],
    });
  });

  it('reads empty points as NaN, NaN (the WKB convention)', () => {
    expect(parseWkt('POINT EMPTY')).toEqual({ type: 'Point', coordinates: [NaN, NaN] });
    expect(parseWkt('MULTIPOINT (EMPTY, (3 4))')).toEqual({ type: 'MultiPoint', coordinates: [[NaN, NaN], [3, 4]] });
  });

  it('tolerates case, spacing, Z/M/ZM tags, joined tags, SRID prefixes and scientific notation', () => {
    const point = { type: 'Point', coordinates: [1, 2] };
    expect(parseWkt('  point(1 2)  ')).toEqual(point);
    expect(parseWkt('Point Z (1 2 3)')).toEqual(point);
    expect(parseWkt('POINT M (1 2 3)')).toEqual(point);
    expect(parseWkt('POINT ZM (1 2 3 4)')).toEqual(point);
    expect(parseWkt('POINTZ(1 2 3)')).toEqual(point);
    expect(parseWkt('pointzm(1 2 3 4)')).toEqual(point);
    expect(parseWkt('POINT (1 2 3)')).toEqual(point);
    expect(parseWkt('POINT (1.0E+0 .2e1)')).toEqual(point);
    expect(parseWkt('MULTIPOINT (1 2, 3 4)')).toEqual(parseWkt('MULTIPOINT ((1 2), (3 4))'));
    expect(readWkt('SRID=4326;POINT(1 2)')).toEqual({ geometry: point, srid: 4326 });
    expect(readWkt('srid = 3857 ; POINT(1 2)').srid).toBe(3857);
    expect(parseWkt('LINESTRING Z EMPTY')).toEqual({ type: 'LineString', coordinates: [] });
  });

  it('reads nan and inf as DuckDB prints them', () => {
    const p = parseWkt('POINT (nan -inf)');
    expect(p.type === 'Point' && Number.isNaN(p.coordinates[0]) && p.coordinates[1] === -Infinity).toBe(true);
  });

  it.each([
    ['POINT (1)', /expected a number/],
    ['POINT (1 2', /expected '\)' but found the end at offset 10/],
    ['POLYGON ((0 0, 1 0, 1 1, 0 0)', /expected '\)'/],
    ['CIRCLE (1 2)', /expected a geometry type/],
    ['POINT Z (1 2)', /expected 3 ordinates/],
    ['POINT (1 2) junk', /expected end of text but found 'junk' at offset 12/],
    ['', /expected a geometry type .* found the end/],
    ['MULTIPOINT ()', /expected a number/],
    ['POINT (1 2 3 4 5)', /expected '\)' but found '5\)' at offset 15/],
  ])('rejects %j with an InputError naming the offset', (wkt, message) => {
    expect(() => parseWkt(wkt)).toThrow(InputError);
    expect(() => parseWkt(wkt)).toThrow(message);
  });

  it('refuses nesting deeper than 64 without overflowing the stack', () => {
    const deep = 'GEOMETRYCOLLECTION ('.repeat(100_000) + 'POINT (1 2)' + ')'.repeat(100_000);
    expect(() => parseWkt(deep)).toThrow(/nested collections/);
  });

  it('never throws anything but an InputError on arbitrary text', () => {
    const alphabet = fc.constantFrom(...'POINTLINESTRGYCMUEZ()(),, 0123456789.-+eE'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 60 }), (text) => {
        try {
          parseWkt(text);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('toWkt', () => {
  it('prints the samples exactly as written (DuckDB canonical form)', () => {
    for (const wkt of SAMPLE_WKT) expect(toWkt(parseWkt(wkt))).toBe(wkt);
  });

  it('matches DuckDB ST_AsText for every sample', async () => {
    const expected = await duckdbAsText(SAMPLE_WKT);
    expect(SAMPLE_WKT.map((w) => toWkt(parseWkt(w)))).toEqual(expected);
  });

  it('matches DuckDB ST_AsText on lenient input (tags, case, SRID, nested MULTIPOINT parentheses)', async () => {
    const inputs = ['point z (1 2 3)', 'SRID=4326;POINT(1 2)', 'MULTIPOINT ((1 2), (3 4))', 'POINT (.5 5.)', 'POINT (nan inf)', 'POINT (-inf -0.0)'];
    const expected = await duckdbAsText(inputs);
    // DuckDB keeps Z; rasterduck is 2D, so compare the 2D part
    expect(inputs.map((w) => toWkt(parseWkt(w)))).toEqual(expected.map((t) => t.replace('POINT Z (1 2 3)', 'POINT (1 2)')));
  });

  it('formats random doubles as DuckDB does', async () => {
    const doubles = fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true }), 400);
    const ints = fc.sample(fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), 100);
    const powers = Array.from({ length: 50 }, (_, i) => [10 ** (i - 25), -(10 ** (i - 25)), 1.5 * 10 ** (i - 25)]).flat();
    const values = [...doubles, ...ints, ...powers];
    const pairs: number[][] = [];
    for (let i = 0; i + 1 < values.length; i += 2) pairs.push([values[i], values[i + 1]]);
    // DuckDB reads the numbers from JavaScript's own formatting, not from ours
    const js = (n: number) => (Object.is(n, -0) ? "-0" : String(n));
    const inputs = pairs.map(([x, y]) => `POINT (${js(x)} ${js(y)})`);
    const expected = await duckdbAsText(inputs);
    expect(pairs.map(([x, y]) => `POINT (${formatWktNumber(x)} ${formatWktNumber(y)})`)).toEqual(expected);
  });

  it('formats the edge cases by hand', () => {
    expect(formatWktNumber(1e15)).toBe('1000000000000000');
    expect(formatWktNumber(1e16)).toBe('1e+16');
    expect(formatWktNumber(0.0001)).toBe('0.0001');
    expect(formatWktNumber(0.00001)).toBe('1e-05');
    expect(formatWktNumber(-0)).toBe('-0');
    expect(formatWktNumber(1.5)).toBe('1.5');
    expect(formatWktNumber(Infinity)).toBe('inf');
  });
});
