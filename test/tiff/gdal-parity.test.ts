/**
 * A few real files written by GDAL, parsed and compared with `gdalinfo -json` on the same
 * file: size, block size, overviews, mask, transform, EPSG, nodata; and files with crafted
 * georeferencing tags (PixelIsPoint, matrix vs scale) against GDAL's geotransform.
 * Skipped without GDAL.
 * (The full parity matrix lives with the fixtures; this only keeps the parser honest.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGdalNodata } from '../../src/tiff/gdal-metadata.js';
import { crsOfGeoKeys, georeferenceOf } from '../../src/tiff/georeference.js';
import { readTiffHeader } from '../../src/tiff/header.js';
import { FieldType, Tag } from '../../src/tiff/tags.js';
import { memoryReader } from './memory-reader.js';
import { fakeBlocks, imageTags, writeTiff, type TagSpec } from './tiff-writer.js';

const hasGdal = spawnSync('gdal_translate', ['--version']).status === 0;

interface GdalInfo {
  size: [number, number];
  geoTransform?: number[];
  stac?: { 'proj:epsg'?: number };
  bands: { block: [number, number]; type: string; noDataValue?: number | string; overviews?: { size: [number, number] }[]; mask?: { flags: string[] } }[];
}

/** Files to write: name and the GDAL commands that make it from src.tif. */
const CASES: Record<string, string[][]> = {
  'cog-deflate': [['gdal_translate', '-q', '-of', 'COG', '-co', 'BLOCKSIZE=256', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2', 'src.tif', 'out.tif']],
  'cog-bigtiff-float-nan': [['gdal_translate', '-q', '-of', 'COG', '-ot', 'Float32', '-a_nodata', 'nan', '-co', 'BIGTIFF=YES', '-co', 'COMPRESS=LZW', '-co', 'BLOCKSIZE=512', 'src.tif', 'out.tif']],
  'striped-big-endian-point': [['gdal_translate', '-q', '-co', 'ENDIANNESS=BIG', '-co', 'BLOCKYSIZE=7', '-mo', 'AREA_OR_POINT=Point', '-a_nodata', '-9999', '-ot', 'Int16', 'src.tif', 'out.tif']],
  'tiled-planar-mask-overviews': [
    ['gdal_translate', '-q', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=128', '-co', 'BLOCKYSIZE=64', '-co', 'INTERLEAVE=BAND', '-mask', '1', '--config', 'GDAL_TIFF_INTERNAL_MASK', 'YES', 'src.tif', 'out.tif'],
    ['gdaladdo', '-q', '--config', 'GDAL_TIFF_INTERNAL_MASK', 'YES', 'out.tif', '2', '4'],
  ],
};

describe.skipIf(!hasGdal)('readTiffHeader against gdalinfo', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rasterduck-tiff-'));
    execFileSync('gdal_create', ['-q', '-outsize', '1000', '700', '-bands', '3', '-ot', 'UInt16', '-burn', '5', '-a_srs', 'EPSG:32631', '-a_ullr', '600000', '5000000', '610000', '4993000', join(dir, 'src.tif')]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(CASES))('%s', async (name) => {
    const caseDir = mkdtempSync(join(dir, `${name}-`));
    execFileSync('cp', [join(dir, 'src.tif'), join(caseDir, 'src.tif')]);
    for (const [cmd, ...args] of CASES[name]) execFileSync(cmd, args, { cwd: caseDir });
    const path = join(caseDir, 'out.tif');
    const info = JSON.parse(execFileSync('gdalinfo', ['-json', path]).toString()) as GdalInfo;
    const reader = memoryReader(new Uint8Array(readFileSync(path)), { url: `file://${path}` });
    const header = await readTiffHeader(reader);
    const [full, ...rest] = header.images;
    const band = info.bands[0];

    expect([full.width, full.height]).toEqual(info.size);
    expect([full.blockWidth, full.blockHeight]).toEqual(band.block);
    expect(full.samplesPerPixel).toBe(info.bands.length);
    const overviews = rest.filter((i) => i.role === 'overview').map((i) => [i.width, i.height]);
    expect(overviews).toEqual((band.overviews ?? []).map((o) => o.size));
    expect(rest.some((i) => i.role === 'mask')).toBe(band.mask?.flags.includes('PER_DATASET') ?? false);

    const geo = georeferenceOf(full.geo);
    const [c, a, b, f, d, e] = info.geoTransform ?? [];
    expect(geo).toMatchObject({ kind: 'affine', affine: [a, b, c, d, e, f] });
    expect(crsOfGeoKeys(full.geo?.geoKeys ?? {}).epsg).toBe(info.stac?.['proj:epsg']);
    const nodata = full.gdalNodata === undefined ? undefined : parseGdalNodata(full.gdalNodata, { float32: band.type === 'Float32' });
    expect(nodata).toEqual(band.noDataValue === 'NaN' ? NaN : band.noDataValue);
    // a COG's whole header is in the first 32 KiB; gdaladdo appends IFDs at the end: one round per level at most
    expect(reader.calls.length).toBeLessThanOrEqual(name.startsWith('cog') ? 1 : header.images.length + 1);
  });
});

/** Crafted georeferencing tags: what gdalinfo makes of them must be what georeferenceOf makes. */
const GEO_CASES: Record<string, TagSpec[]> = {
  'tiepoint, PixelIsPoint': [keys(2), scaleTag([10, 20, 0]), tieTag([10, 20, 0, 500000, 4000000, 0])],
  'matrix, PixelIsArea': [keys(1), matrixTag([10, 0, 0, 500000, 0, -20, 0, 4000000, 0, 0, 0, 0, 0, 0, 0, 1])],
  'matrix, PixelIsPoint': [keys(2), matrixTag([10, 0, 0, 500000, 0, -20, 0, 4000000, 0, 0, 0, 0, 0, 0, 0, 1])],
  'rotated matrix, PixelIsPoint': [keys(2), matrixTag([10, 2, 0, 500000, 3, -20, 0, 4000000, 0, 0, 0, 0, 0, 0, 0, 1])],
  'scale and matrix': [keys(1), scaleTag([10, 20, 0]), tieTag([0, 0, 0, 5, 6, 0]), matrixTag([30, 0, 0, 1, 0, -30, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1])],
  'negative scale y': [keys(1), scaleTag([10, -20, 0]), tieTag([0, 0, 0, 5, 6, 0])],
  'two tiepoints': [keys(1), scaleTag([10, 20, 0]), tieTag([0, 0, 0, 5, 6, 0, 5, 5, 0, 60, 30, 0])],
  'zero scale and matrix': [keys(1), scaleTag([0, 20, 0]), tieTag([0, 0, 0, 5, 6, 0]), matrixTag([30, 0, 0, 1, 0, -30, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1])],
  'scale without tiepoint and matrix': [keys(1), scaleTag([10, 20, 0]), matrixTag([30, 0, 0, 1, 0, -30, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1])],
  '12-value matrix': [keys(1), matrixTag([10, 0, 0, 500000, 0, -20, 0, 4000000, 0, 0, 0, 0])],
  'tiepoint only': [keys(1), tieTag([0, 0, 0, 5, 6, 0])],
};

function keys(rasterType: number): TagSpec {
  return { tag: Tag.GeoKeyDirectory, type: FieldType.SHORT, value: [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, rasterType, 3072, 0, 1, 32631] };
}
function scaleTag(value: number[]): TagSpec {
  return { tag: Tag.ModelPixelScale, type: FieldType.DOUBLE, value };
}
function tieTag(value: number[]): TagSpec {
  return { tag: Tag.ModelTiepoint, type: FieldType.DOUBLE, value };
}
function matrixTag(value: number[]): TagSpec {
  return { tag: Tag.ModelTransformation, type: FieldType.DOUBLE, value };
}

describe.skipIf(!hasGdal)('georeferenceOf against gdalinfo', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rasterduck-georef-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(GEO_CASES))('%s', async (name) => {
    const tags = [...imageTags({ width: 4, height: 4, tile: [16, 16] }), ...GEO_CASES[name]];
    const written = writeTiff({ ifds: [{ tags, blocks: { tiled: true, data: fakeBlocks(1, 256) } }] });
    const path = join(dir, `${name.replace(/\W+/g, '-')}.tif`);
    writeFileSync(path, written.bytes);
    const info = JSON.parse(execFileSync('gdalinfo', ['-json', path], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()) as GdalInfo & { gcps?: unknown };
    const [image] = (await readTiffHeader(memoryReader(written.bytes))).images;
    const geo = georeferenceOf(image.geo);
    if (info.geoTransform === undefined) {
      expect(geo.kind).toBe(info.gcps === undefined ? 'none' : 'gcps');
    } else {
      const [c, a, b, f, d, e] = info.geoTransform;
      expect(geo).toMatchObject({ kind: 'affine', affine: [a, b, c, d, e, f] });
    }
  });
});
