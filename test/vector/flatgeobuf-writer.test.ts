// FlatGeobuf files read back with the flatgeobuf package and with GDAL's OGR driver.
import { geojson } from 'flatgeobuf';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { polygonize } from '../../src/geo/polygonize.js';
import { parseWkb } from '../../src/geo/wkb.js';
import { writeFlatGeobuf } from '../../src/vector/flatgeobuf-writer.js';
import { polygonFeatures, polygonRows } from './helpers/polygon-rows.js';
import { runGdal } from '../geo/gdal-reference.js';

const dir = mkdtempSync(join(tmpdir(), 'rasterduck-fgb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// UTM 32N, 10 m pixels: a hole, an island, and an 8-connected two-part region
const regions = polygonize({
  width: 6, height: 5,
  values: [
    1, 1, 1, 1, 0, 3,
    1, 2, 2, 1, 3, 0,
    1, 2, 0, 1, 0, 0,
    1, 2, 2, 1, 0, 0,
    1, 1, 1, 1, 0, 0,
  ],
  nodata: 0,
  score: Array.from({ length: 30 }, (_, i) => i / 30),
  transform: { a: 10, b: 0, c: 499980, d: 0, e: -10, f: 5200020 },
}, { connectivity: 8 });

interface OgrFeature {
  readonly wkt: string;
  readonly value: number;
  readonly area: number;
  readonly score: number;
}

describe('writeFlatGeobuf', () => {
  const path = join(dir, 'fields.fgb');
  const features = polygonFeatures(regions);
  writeFlatGeobuf(path, features, { epsg: 32632 });

  it('reads back with the flatgeobuf package: same geometry (as MultiPolygon) and properties', async () => {
    const back = [];
    for await (const f of geojson.deserialize(new Uint8Array(readFileSync(path)))) back.push(f);
    expect(back.length).toBe(features.length);
    back.forEach((f, i) => {
      const g = features[i].geometry;
      expect(f.geometry).toEqual(g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g);
      expect(f.properties).toEqual(features[i].properties);
    });
  });

  it('opens in GDAL with its CRS, fields and the same polygons', () => {
    const ogr = runGdal<{ epsg: string; fields: string[]; features: OgrFeature[] }>(
      [
        'ds = ogr.Open(data["path"])',
        'layer = ds.GetLayer(0)',
        'defn = layer.GetLayerDefn()',
        'fields = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]',
        'feats = [{"wkt": f.GetGeometryRef().ExportToIsoWkt(), "value": f.GetField("value"), "area": f.GetGeometryRef().GetArea(), "score": f.GetField("score")} for f in layer]',
        'result = {"epsg": layer.GetSpatialRef().GetAuthorityCode(None), "fields": fields, "features": feats}',
      ].join('\n'),
      { path },
    );
    expect(ogr.epsg).toBe('32632');
    expect(ogr.fields).toEqual(['value', 'pixel_count', 'area', 'score']);
    expect(ogr.features.map((f) => f.value)).toEqual(regions.map((r) => r.value));
    ogr.features.forEach((f, i) => {
      expect(f.area).toBeCloseTo(regions[i].area, 6);
      expect(f.score).toBeCloseTo(regions[i].score, 12);
    });
    // the 3s touch at a corner: two parts, each from its top-left corner, counter-clockwise
    expect(ogr.features[1].wkt).toBe(
      'MULTIPOLYGON (((500030 5200020,500030 5200010,500040 5200010,500040 5200020,500030 5200020)),' +
        '((500020 5200010,500020 5200000,500030 5200000,500030 5200010,500020 5200010)))',
    );
  });

  it('writes an empty file with the columns when there is nothing to write', () => {
    const empty = join(dir, 'empty.fgb');
    writeFlatGeobuf(empty, [], { epsg: 4326, emptyProperties: { value: 0, area: 0 } });
    const ogr = runGdal<{ count: number; fields: string[] }>(
      'ds = ogr.Open(data["path"])\nlayer = ds.GetLayer(0)\ndefn = layer.GetLayerDefn()\nresult = {"count": layer.GetFeatureCount(), "fields": [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]}',
      { path: empty },
    );
    expect(ogr).toEqual({ count: 0, fields: ['value', 'area'] });
  });

  it('refuses features whose properties differ, leaving no file or temp file', () => {
    const bad = join(dir, 'bad.fgb');
    expect(() => writeFlatGeobuf(bad, [features[0], { ...features[1], properties: { other: 1 } }])).toThrow('feature 1 has properties (other)');
    expect(readdirSync(dir).filter((n) => n.includes('bad') || n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('polygonRows', () => {
  it('holds WKB that parses back to the polygon, with area, pixel count and score columns', () => {
    const rows = polygonRows(regions);
    rows.forEach((row, i) => {
      expect(parseWkb(row.geometry)).toEqual(regions[i].geometry);
      expect(row).toMatchObject({ value: regions[i].value, pixel_count: regions[i].pixelCount, area: regions[i].area, score: regions[i].score });
    });
    const plain = polygonRows(polygonize({ width: 1, height: 1, values: [1], transform: { a: 1, b: 0, c: 0, d: 0, e: -1, f: 0 } }));
    expect(plain[0].score).toBeNull();
  });
});
