/**
 * Palette images (PhotometricInterpretation 3), as land-cover maps are published: read as
 * their indices, equal to rasterio, with the colour table in cog_metadata as rasterio's
 * colormap(1) gives it, and chip_stats over the class codes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rd-palette-'));
const file = path.join(dir, 'landcover.tif');
// GDAL writes a 3-class palette file (SetColorTable), tiled and compressed as a COG would be
const py = `
import json, sys
import numpy as np, rasterio, rasterio.mask
from osgeo import gdal
gdal.UseExceptions()
mem = gdal.GetDriverByName('MEM').Create('', 100, 80, 1, gdal.GDT_Byte)
mem.SetGeoTransform([500000, 10, 0, 4600000, 0, -10])
mem.SetProjection('EPSG:32633')
rows, cols = np.mgrid[0:80, 0:100]
mem.GetRasterBand(1).WriteArray(((rows // 7 + cols // 11) % 3 * 10 + 10).astype(np.uint8))
ct = gdal.ColorTable()
for i, rgb in {10: (0, 128, 0), 20: (255, 255, 0), 30: (0, 0, 255), 7: (1, 2, 3)}.items():
    ct.SetColorEntry(i, rgb + (255,))
mem.GetRasterBand(1).SetColorTable(ct)
gdal.Translate(sys.argv[1], mem, creationOptions=['TILED=YES', 'BLOCKXSIZE=32', 'BLOCKYSIZE=32', 'COMPRESS=DEFLATE'])
geom = {'type': 'Polygon', 'coordinates': [[(500103.0, 4599103.0), (500777.0, 4599171.0), (500455.0, 4599791.0), (500103.0, 4599103.0)]]}
with rasterio.open(sys.argv[1]) as src:
    data, transform = rasterio.mask.mask(src, [geom], crop=True, filled=True)
    masked, _ = rasterio.mask.mask(src, [geom], crop=True, filled=False)
    valid = masked.compressed()
    cmap = src.colormap(1)
    print(json.dumps({'photometric': src.tags(ns='IMAGE_STRUCTURE').get('PHOTOMETRIC'), 'dtype': src.dtypes[0],
      'colormap': [[i] + list(cmap[i]) for i in sorted(cmap)], 'shape': list(data.shape), 'transform': list(transform)[:6],
      'values': data.ravel().tolist(), 'mask': (~np.ma.getmaskarray(masked)).ravel().tolist(),
      'stats': [int(valid.size), float(valid.min()), float(valid.max()), float(valid.mean()), float(valid.sum())],
      'wkt': 'POLYGON ((' + ', '.join('%r %r' % p for p in geom['coordinates'][0]) + '))'}))
`;
const ref = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' })) as {
  photometric: string | undefined; dtype: string; colormap: number[][]; shape: number[]; transform: number[];
  values: number[]; mask: boolean[]; stats: number[]; wkt: string;
};

let con: DuckDBConnection;
beforeAll(async () => {
  con = await connect();
});
afterAll(() => {
  con?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});
const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS();

describe('palette images', () => {
  it("describe photometric 3 and the colour table as rasterio's colormap(1)", async () => {
    const [r] = await rows(`SELECT m.photometric AS p, m.dtype AS dtype, m.colormap AS cmap FROM (SELECT cog_metadata('${file}') AS m)`);
    expect(r.p).toBe(3);
    expect(r.dtype).toBe(ref.dtype);
    const cmap = (r.cmap as { index: number; r: number; g: number; b: number; a: number }[]).map((e) => [e.index, e.r, e.g, e.b, e.a]);
    expect(cmap).toHaveLength(256);
    expect(cmap).toEqual(ref.colormap);
  });

  it('read as their indices, equal to rasterio.mask.mask', async () => {
    const [r] = await rows(`SELECT chip.bands, chip.height, chip.width, chip.transform, chip_values(chip) AS v, chip_mask(chip) AS m
      FROM (SELECT read_chip('${file}', ST_GeomFromText('${ref.wkt}')) AS chip)`);
    expect([r.bands, r.height, r.width]).toEqual(ref.shape);
    expect(r.transform).toEqual(ref.transform);
    expect(r.m).toEqual(ref.mask);
    expect(r.v).toEqual(ref.values);
  });

  it('give chip_stats over the class codes', async () => {
    const [r] = await rows(`SELECT s.count AS n, s.min AS lo, s.max AS hi, s.mean AS mean, s.sum AS total
      FROM (SELECT unnest(chip_stats(read_chip('${file}', ST_GeomFromText('${ref.wkt}')))) AS s)`);
    const [n, lo, hi, mean, total] = ref.stats;
    expect([Number(r.n), r.lo, r.hi, r.total]).toEqual([n, lo, hi, total]);
    expect(r.mean as number).toBeCloseTo(mean, 12);
  });
});
