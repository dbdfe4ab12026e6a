/**
 * Expected nodata values are what GDAL 3.6.2 (gdalinfo, rasterio 1.3) reported for files
 * carrying the same GDAL_NODATA strings; scale/offset likewise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCDouble, parseGdalMetadata, parseGdalNodata } from '../../src/tiff/gdal-metadata.js';

describe('parseGdalNodata', () => {
  it.each([
    ['-9999', -9999], ['0', 0], ['nan', NaN], ['-nan', NaN], ['NaNx', NaN], ['nanny', NaN], ['nan(123)', NaN],
    ['inf', Infinity], ['-inf', -Infinity], ['+inf', Infinity], ['INF', Infinity], ['inFinity', Infinity], ['infinite', Infinity],
    ['1.#QNAN', NaN], ['-1.#IND', NaN], ['1.#INF', Infinity], ['-1.#INF', -Infinity],
    ['  -9999abc', -9999], [' \t12', 12], ['abc', 0], ['-', 0], ['+.e5', 0], ['1e', 1], ['1e+', 1], ['1_000', 1], ['1d5', 1],
    ['1e3', 1000], ['.5', 0.5], ['3.', 3], ['-0', -0], ['1e400', Infinity], ['-1e400', -Infinity], ['1e-400', 0],
    ['0x10', 16], ['0X1A', 26], ['0x', 0], ['0x1p3', 8], ['0x1.8p1', 3], ['4294967295.5', 4294967295.5],
  ])('%j -> %d', (text, expected) => {
    expect(parseGdalNodata(text)).toBe(expected);
  });

  it('ignores an empty string and rounds to float32 for Float32 bands', () => {
    expect(parseGdalNodata('')).toBeUndefined();
    expect(parseGdalNodata('0.1', { float32: true })).toBe(0.10000000149011612);
    expect(parseGdalNodata('3.40282346638529e+38', { float32: true })).toBe(3.4028234663852886e38);
    expect(parseGdalNodata('3.402823636e+38', { float32: true })).toBe(Infinity);
  });

  it('agrees with Number() on every decimal a writer prints', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), (x) => {
      expect(parseCDouble(String(x))).toBe(Number(String(x)));
    }));
  });

  it('never throws and always returns a number, whatever the text', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      expect(typeof parseCDouble(text)).toBe('number');
    }));
  });
});

describe('parseGdalMetadata', () => {
  const xml = [
    '<GDALMetadata>',
    '  <Item name="SCALE" sample="0" role="scale">0.0001</Item>',
    '  <Item name="OFFSET" sample="0" role="offset">-0.1</Item>',
    '  <Item name="OFFSET" sample="1" role="offset">5</Item>',
    '  <Item name="DESCRIPTION" sample="1" role="description">B08 &amp; B8A</Item>',
    '  <Item name="UNITTYPE" sample="1" role="unittype">m</Item>',
    '  <Item name="AREA_OR_POINT">Area</Item>',
    '  <Item name="BAR" domain="OTHER">x</Item>',
    '  <Item name="STATISTICS_MEAN" sample="1">3.5</Item>',
    '  <Item name="EMPTY"/>',
    '</GDALMetadata>',
  ].join('\n');

  it('reads per-band scale and offset by role, and dataset items', () => {
    const md = parseGdalMetadata(xml);
    expect(md.bands.get(0)).toEqual({ scale: 0.0001, offset: -0.1, items: {} });
    expect(md.bands.get(1)).toEqual({ offset: 5, description: 'B08 & B8A', unit: 'm', items: { STATISTICS_MEAN: '3.5' } });
    expect({ ...md.dataset }).toEqual({ AREA_OR_POINT: 'Area', EMPTY: '' });
    expect(JSON.parse(JSON.stringify(md.domains))).toEqual({ OTHER: { BAR: 'x' } });
  });

  it('takes scale from the role, not the name, as GDAL does; junk parses as 0', () => {
    const noRole = parseGdalMetadata('<GDALMetadata><Item name="SCALE" sample="0">0.0001</Item></GDALMetadata>');
    expect(noRole.bands.get(0)).toEqual({ items: { SCALE: '0.0001' } });
    expect(parseGdalMetadata('<GDALMetadata><Item name="SCALE" sample="0" role="scale">abc</Item></GDALMetadata>').bands.get(0)?.scale).toBe(0);
  });

  it('unescapes values twice, as GDAL (which escapes them twice on writing) reads them', () => {
    const md = parseGdalMetadata('<GDALMetadata><Item name="DESCRIPTION" sample="0" role="description">a &amp;lt;b&amp;gt; &amp;amp; c</Item></GDALMetadata>');
    expect(md.bands.get(0)?.description).toBe('a <b> & c');
  });

  it('keeps hostile names as plain keys', () => {
    const md = parseGdalMetadata('<GDALMetadata><Item name="x" domain="__proto__">1</Item><Item name="__proto__">2</Item></GDALMetadata>');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(md.dataset['__proto__']).toBe('2');
  });

  it('returns what parsed before malformed XML, in linear time', () => {
    expect(parseGdalMetadata('<GDALMetadata><Item name="A">1</Item><Item name="B">2').dataset).toEqual(expect.objectContaining({ A: '1' }));
    const start = performance.now();
    parseGdalMetadata('<Item name="x">'.repeat(200_000));
    // a guard against quadratic (or catastrophic-backtracking) parsing, not a speed test
    expect(performance.now() - start).toBeLessThan(20_000);
  });
});
