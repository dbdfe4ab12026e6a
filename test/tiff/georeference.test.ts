/**
 * Expected affines are hand-calculated and were checked against gdalinfo 3.6.2 on files
 * with the same tags (test/tiff/gdal-parity.test.ts repeats that check when GDAL is here).
 */
import { describe, expect, it } from 'vitest';
import { crsOfGeoKeys, georeferenceOf, rasteretTransformOf } from '../../src/tiff/georeference.js';
import type { GeoTags } from '../../src/tiff/tiff-image.js';

const AREA = { 1025: 1 };
const POINT = { 1025: 2 };
const scale = [10, 20, 0];
const tiepoint = [0, 0, 0, 500000, 4000000, 0];
const matrix = [10, 0, 0, 500000, 0, -20, 0, 4000000, 0, 0, 0, 0, 0, 0, 0, 1];

const affineOf = (geo: GeoTags, pointGeoIgnore = false) => {
  const g = georeferenceOf(geo, { pointGeoIgnore });
  return g.kind === 'affine' ? g.affine : g.kind;
};

describe('georeferenceOf', () => {
  it('builds [sx, 0, X - I*sx, 0, -sy, Y + J*sy] from scale and tiepoint', () => {
    expect(affineOf({ pixelScale: scale, tiepoint, geoKeys: AREA })).toEqual([10, 0, 500000, 0, -20, 4000000]);
    // tiepoint at pixel (10, 20): c = 500000 - 10*10, f = 4000000 + 20*20
    expect(affineOf({ pixelScale: scale, tiepoint: [10, 20, 0, 500000, 4000000, 0], geoKeys: AREA })).toEqual([10, 0, 499900, 0, -20, 4000400]);
  });

  it('shifts PixelIsPoint by half a pixel, for the tiepoint and the matrix alike', () => {
    // c = 500000 - 10/2, f = 4000000 + 20/2
    expect(affineOf({ pixelScale: scale, tiepoint, geoKeys: POINT })).toEqual([10, 0, 499995, 0, -20, 4000010]);
    expect(affineOf({ pixelScale: scale, tiepoint: [10, 20, 0, 500000, 4000000, 0], geoKeys: POINT })).toEqual([10, 0, 499895, 0, -20, 4000410]);
    expect(affineOf({ modelTransformation: matrix, geoKeys: POINT })).toEqual([10, 0, 499995, 0, -20, 4000010]);
    // rotated: c -= (10 + 2)/2, f -= (3 - 20)/2
    const rotated = [10, 2, 0, 500000, 3, -20, 0, 4000000, 0, 0, 0, 0, 0, 0, 0, 1];
    expect(affineOf({ modelTransformation: rotated, geoKeys: POINT })).toEqual([10, 2, 499994, 3, -20, 4000008.5]);
  });

  it('skips the shift with GTIFF_POINT_GEO_IGNORE and reports the raster type', () => {
    expect(affineOf({ pixelScale: scale, tiepoint, geoKeys: POINT }, true)).toEqual([10, 0, 500000, 0, -20, 4000000]);
    expect(georeferenceOf({ pixelScale: scale, tiepoint, geoKeys: POINT })).toMatchObject({ rasterType: 'point', source: 'pixel-scale' });
  });

  it('reads ModelTransformation as [m0, m1, m3, m4, m5, m7]', () => {
    expect(georeferenceOf({ modelTransformation: matrix, geoKeys: {} })).toEqual({ kind: 'affine', affine: [10, 0, 500000, 0, -20, 4000000], rasterType: 'area', source: 'model-transformation' });
  });

  it('follows GDAL where the tags disagree or are incomplete', () => {
    const other = [30, 0, 0, 1, 0, -30, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1];
    // the pixel scale wins over a ModelTransformation
    expect(affineOf({ pixelScale: scale, tiepoint, modelTransformation: other, geoKeys: {} })).toEqual([10, 0, 500000, 0, -20, 4000000]);
    // a negative ScaleY is read as north-up (GTIFF_HONOUR_NEGATIVE_SCALEY off)
    expect(affineOf({ pixelScale: [10, -20, 0], tiepoint, geoKeys: {} })).toEqual([10, 0, 500000, 0, -20, 4000000]);
    // several tiepoints with a scale: the first one counts
    expect(affineOf({ pixelScale: scale, tiepoint: [...tiepoint, 5, 5, 0, 1, 1, 0], geoKeys: {} })).toEqual([10, 0, 500000, 0, -20, 4000000]);
    // a zero scale falls through to the matrix
    expect(affineOf({ pixelScale: [0, 20, 0], tiepoint, modelTransformation: other, geoKeys: {} })).toEqual([30, 0, 1, 0, -30, 2]);
    // a scale without a tiepoint blocks the matrix: no transform
    expect(affineOf({ pixelScale: scale, modelTransformation: other, geoKeys: {} })).toBe('none');
    // a matrix of any length but 16 is ignored
    expect(affineOf({ modelTransformation: matrix.slice(0, 12), geoKeys: {} })).toBe('none');
    expect(georeferenceOf({ tiepoint, geoKeys: {} })).toEqual({ kind: 'gcps', tiepoints: tiepoint });
    expect(georeferenceOf(undefined)).toEqual({ kind: 'none' });
  });
});

describe('rasteretTransformOf', () => {
  it('keeps [a, c, e, f] of a north-up affine', () => {
    expect(rasteretTransformOf([10, 0, 500000, 0, -20, 4000000])).toEqual({ kind: 'ok', transform: [10, 500000, -20, 4000000] });
  });

  it('refuses a rotation or shear', () => {
    expect(rasteretTransformOf([10, 2, 0, 0, -20, 0])).toMatchObject({ kind: 'rotated', reason: expect.stringMatching(/b=2, d=0/) });
    expect(rasteretTransformOf([10, 0, 0, 1, -20, 0]).kind).toBe('rotated');
  });
});

describe('crsOfGeoKeys', () => {
  it('takes ProjectedCSTypeGeoKey for a projected model, with citations', () => {
    expect(crsOfGeoKeys({ 1024: 1, 1026: 'WGS 84 / UTM zone 31N', 2048: 4326, 3072: 32631, 3073: 'pcs' })).toEqual({
      epsg: 32631, modelType: 1, userDefined: false, citation: 'WGS 84 / UTM zone 31N', pcsCitation: 'pcs',
    });
  });

  it('takes GeographicTypeGeoKey for a geographic model', () => {
    expect(crsOfGeoKeys({ 1024: 2, 2048: 4326, 2049: 'WGS 84' })).toEqual({ epsg: 4326, modelType: 2, userDefined: false, geogCitation: 'WGS 84' });
  });

  it('reports user-defined CRSs without an EPSG code, never the base geographic one', () => {
    expect(crsOfGeoKeys({ 1024: 1, 2048: 4326, 3072: 32767 })).toEqual({ modelType: 1, userDefined: true });
    expect(crsOfGeoKeys({ 1024: 1, 2048: 4326 })).toEqual({ modelType: 1, userDefined: true });
    expect(crsOfGeoKeys({ 1024: 2, 2048: 32767 })).toEqual({ modelType: 2, userDefined: true });
  });

  it('tries 3072 then 2048 without a model type; reads a vertical code', () => {
    expect(crsOfGeoKeys({ 3072: 3857 }).epsg).toBe(3857);
    expect(crsOfGeoKeys({ 2048: 4258, 4096: 5703 })).toEqual({ epsg: 4258, userDefined: false, verticalEpsg: 5703 });
    expect(crsOfGeoKeys({})).toEqual({ userDefined: false });
    expect(crsOfGeoKeys({ 1024: 1, 3072: 40000 }).epsg).toBeUndefined();
  });
});
