import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseWkb, readWkb, toWkb } from '../../src/geo/wkb.js';
import { parseWkt, toWkt } from '../../src/geo/wkt.js';
import { duckdbAsWkb, duckdbWkbHexAsText } from './duckdb-geometry.js';
import { SAMPLE_WKT } from './sample-geometries.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

// An independent little byte writer for hand-made WKB (not the module under test)
function bytes(little: boolean, ...parts: (['u8' | 'u32' | 'f64', number])[]): Uint8Array {
  const size = parts.reduce((s, [t]) => s + (t === 'u8' ? 1 : t === 'u32' ? 4 : 8), 0);
  const view = new DataView(new ArrayBuffer(size));
  let pos = 0;
  for (const [t, v] of parts) {
    if (t === 'u8') view.setUint8(pos, v);
    if (t === 'u32') view.setUint32(pos, v, little);
    if (t === 'f64') view.setFloat64(pos, v, little);
    pos += t === 'u8' ? 1 : t === 'u32' ? 4 : 8;
  }
  return new Uint8Array(view.buffer);
}

function expectOnlyInputError(b: Uint8Array): void {
  try {
    parseWkb(b);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
  }
}

describe('toWkb', () => {
  it('writes the same bytes as DuckDB ST_AsWKB for every sample', async () => {
    const expected = await duckdbAsWkb(SAMPLE_WKT);
    expect(SAMPLE_WKT.map((w) => hex(toWkb(parseWkt(w))))).toEqual(expected.map(hex));
  });

  it('writes WKB that DuckDB reads back to the same text', async () => {
    const texts = await duckdbWkbHexAsText(SAMPLE_WKT.map((w) => hex(toWkb(parseWkt(w)))));
    expect(texts).toEqual(SAMPLE_WKT);
  });

  it('round-trips every sample through WKB', () => {
    for (const wkt of SAMPLE_WKT) expect(toWkt(parseWkb(toWkb(parseWkt(wkt))))).toBe(wkt);
  });
});

describe('parseWkb', () => {
  it('reads big-endian WKB', () => {
    const b = bytes(false, ['u8', 0], ['u32', 2], ['u32', 2], ['f64', 1], ['f64', 2], ['f64', 3], ['f64', 4]);
    expect(parseWkb(b)).toEqual({ type: 'LineString', coordinates: [[1, 2], [3, 4]] });
  });

  it('reads ISO Z, M and ZM codes, dropping the extra ordinates', () => {
    for (const [code, extra] of [[1001, 1], [2001, 1], [3001, 2]]) {
      const ords = Array.from({ length: 2 + extra }, (_, i): ['f64', number] => ['f64', i + 1]);
      const b = bytes(true, ['u8', 1], ['u32', code], ...ords);
      expect(parseWkb(b)).toEqual({ type: 'Point', coordinates: [1, 2] });
    }
    const polygonZ = bytes(true, ['u8', 1], ['u32', 1003], ['u32', 1], ['u32', 4],
      ...[[0, 0], [1, 0], [1, 1], [0, 0]].flatMap(([x, y]): ['f64', number][] => [['f64', x], ['f64', y], ['f64', 9]]));
    expect(toWkt(parseWkb(polygonZ))).toBe('POLYGON ((0 0, 1 0, 1 1, 0 0))');
  });

  it('reads PostGIS EWKB with SRID and Z flags', () => {
    // SELECT ST_AsEWKB('SRID=4326;POINT(1 2)') in PostGIS
    expect(readWkb(unhex('0101000020E6100000000000000000F03F0000000000000040'))).toEqual({
      geometry: { type: 'Point', coordinates: [1, 2] },
      srid: 4326,
    });
    const z = bytes(false, ['u8', 0], ['u32', 0xa0000001], ['u32', 32633], ['f64', 5], ['f64', 6], ['f64', 7]);
    expect(readWkb(z)).toEqual({ geometry: { type: 'Point', coordinates: [5, 6] }, srid: 32633 });
  });

  it('reads members with their own byte order inside a collection', () => {
    const le = bytes(true, ['u8', 1], ['u32', 1], ['f64', 1], ['f64', 2]);
    const be = bytes(false, ['u8', 0], ['u32', 1], ['f64', 3], ['f64', 4]);
    const head = bytes(false, ['u8', 0], ['u32', 4], ['u32', 2]);
    expect(toWkt(parseWkb(new Uint8Array([...head, ...le, ...be])))).toBe('MULTIPOINT (1 2, 3 4)');
  });

  it.each([
    ['an unknown type', bytes(true, ['u8', 1], ['u32', 8], ['u32', 0]), /unsupported geometry type 8/],
    ['a bad byte order', bytes(true, ['u8', 7], ['u32', 1]), /byte order must be 0/],
    ['an absurd count', bytes(true, ['u8', 1], ['u32', 2], ['u32', 0xffffffff]), /count 4294967295 needs at least 68719476720 bytes but 0 remain/],
    ['a truncated point', unhex('0101000000000000000000F03F'), /truncated: coordinate needs 16 bytes but 8 remain/],
    ['trailing bytes', unhex('0101000000000000000000F03F000000000000004000'), /1 trailing bytes/],
    ['a line inside a MultiPoint', bytes(true, ['u8', 1], ['u32', 4], ['u32', 1], ['u8', 1], ['u32', 2], ['u32', 0]), /a MultiPoint may hold only Points, found a LineString/],
    ['no bytes', new Uint8Array(0), /truncated: geometry header needs 5 bytes but 0 remain/],
  ])('rejects %s with an InputError', (_, b, message) => {
    expect(() => parseWkb(b)).toThrow(InputError);
    expect(() => parseWkb(b)).toThrow(message);
  });

  it('refuses nesting deeper than 64 without overflowing the stack', () => {
    const level = bytes(true, ['u8', 1], ['u32', 7], ['u32', 1]);
    const deep = new Uint8Array(level.length * 100_000);
    for (let i = 0; i < 100_000; i++) deep.set(level, i * level.length);
    expect(() => parseWkb(deep)).toThrow(/nesting deeper than 64/);
  });

  it('fuzz: random bytes only ever give an InputError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (b) => expectOnlyInputError(b)), { numRuns: 5000 });
    // random bodies behind a valid header reach deeper into the reader
    const header = fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: 1, max: 7 }), fc.constantFrom(0, 1000, 2000, 3000, 0x20000000));
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 200 }), ([order, type, flag], body) => {
        expectOnlyInputError(new Uint8Array([...bytes(order === 1, ['u8', order], ['u32', type + flag]), ...body]));
      }),
      { numRuns: 5000 },
    );
  });

  it('fuzz: every truncation of valid WKB is an InputError', () => {
    for (const wkt of SAMPLE_WKT) {
      const full = toWkb(parseWkt(wkt));
      for (let n = 0; n < full.length; n++) expect(() => parseWkb(full.subarray(0, n))).toThrow(InputError);
    }
  });

  it('fuzz: bit flips of valid WKB parse or give an InputError', () => {
    const samples = SAMPLE_WKT.map((w) => toWkb(parseWkt(w)));
    fc.assert(
      fc.property(fc.nat(samples.length - 1), fc.nat(), fc.integer({ min: 0, max: 7 }), (i, at, bit) => {
        const b = samples[i].slice();
        b[at % b.length] ^= 1 << bit;
        expectOnlyInputError(b);
      }),
      { numRuns: 5000 },
    );
  });
});
