/**
 * Odd files GDAL writes or that GDAL-written files become with a few bytes changed, read
 * through SQL (cog_metadata and read_chip) and compared with GDAL 3.6 via rasterio: colour
 * spaces GDAL converts (CIELab, CMYK), a GDAL_NODATA text that starts with NUL, and
 * Compression / Photometric / SampleFormat stored as BigTIFF 8-byte integers.
 * Skipped without GDAL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { FieldType, Tag } from '../../src/tiff/tags.js';

const hasGdal = spawnSync('gdal_translate', ['--version']).status === 0;
let dir: string;
let con: DuckDBConnection;

/** rasterio's view of a file: band count, nodata and every value, or its error. */
function rasterio(file: string): { count: number; nodata: number | null; values: number[] } | { error: string } {
  const py = `
import json, sys, warnings, rasterio
warnings.simplefilter('ignore')
try:
    with rasterio.open(sys.argv[1]) as s:
        print(json.dumps({"count": s.count, "nodata": s.nodata, "values": s.read().astype(float).ravel().tolist()}))
except Exception as e:
    print(json.dumps({"error": str(e)}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' }));
}

function gdal(...args: string[]): string {
  const [tool, ...rest] = args;
  execFileSync(tool, ['-q', ...rest]);
  return rest[rest.length - 1];
}

/** rasterduck's answer in SQL: the metadata's nodata and band count and the whole image as a chip, or the error. */
async function rasterduck(file: string): Promise<{ nodata: number | null; bands: number; values: number[]; valid: boolean[] } | { error: string }> {
  try {
    const reader = await con.runAndReadAll(`
      WITH m AS (SELECT cog_metadata('${file}') AS m),
           c AS (SELECT m, read_chip('${file}', ST_MakeEnvelope(m.affine[3], m.affine[6] + m.affine[5] * m.image_height,
                   m.affine[3] + m.affine[1] * m.image_width, m.affine[6])) AS chip FROM m)
      SELECT m.nodata AS nodata, chip.bands AS bands, chip_values(chip) AS values, chip_mask(chip) AS valid FROM c`);
    return reader.getRowObjectsJS()[0] as { nodata: number | null; bands: number; values: number[]; valid: boolean[] };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Where the entry of `tag` is in the first IFD of a TIFF or BigTIFF (little-endian). */
function entryOf(bytes: Uint8Array, tag: number): { at: number; big: boolean } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const big = view.getUint16(2, true) === 43;
  const ifd = big ? Number(view.getBigUint64(8, true)) : view.getUint32(4, true);
  const count = big ? Number(view.getBigUint64(ifd, true)) : view.getUint16(ifd, true);
  for (let i = 0; i < count; i++) {
    const at = ifd + (big ? 8 + 20 * i : 2 + 12 * i);
    if (view.getUint16(at, true) === tag) return { at, big };
  }
  throw new Error(`tag ${tag} not in the file`);
}

/** A copy of a BigTIFF with one tag rewritten as a single inline LONG8 or SLONG8 value. */
function withLong8(src: string, name: string, tag: number, type: number, value: bigint): string {
  const bytes = new Uint8Array(readFileSync(src));
  const view = new DataView(bytes.buffer);
  const { at } = entryOf(bytes, tag);
  view.setUint16(at + 2, type, true);
  view.setBigUint64(at + 4, 1n, true);
  view.setBigUint64(at + 12, BigInt.asUintN(64, value), true);
  const out = join(dir, name);
  writeFileSync(out, bytes);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rd-odd-'));
  con = await connect();
  if (!hasGdal) return;
  // three bands that are not grey, so a colour conversion changes every value
  gdal('gdal_create', '-outsize', '40', '30', '-bands', '4', '-ot', 'Byte', '-burn', '100', '-burn', '50', '-burn', '200', '-burn', '20',
    '-a_srs', 'EPSG:32633', '-a_ullr', '500000', '4000000', '500400', '3999700', join(dir, 'src.tif'));
});

afterAll(() => {
  con?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasGdal)('odd files against GDAL', () => {
  const src = () => join(dir, 'src.tif');
  // 32-pixel tiles: GDAL 3.6's RGBA path fails on 16x16 CIELab tiles (TIFFReadRGBATile)
  const tiled = ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32', '-co', 'INTERLEAVE=PIXEL'];

  it('refuses 8-bit CIELab and CMYK, which GDAL returns converted to RGBA, naming the file and the fix', async () => {
    const lab = gdal('gdal_translate', ...tiled, '-b', '1', '-b', '2', '-b', '3', '-co', 'PHOTOMETRIC=CIELAB', src(), join(dir, 'lab.tif'));
    const cmyk = gdal('gdal_translate', ...tiled, '-co', 'PHOTOMETRIC=CMYK', src(), join(dir, 'cmyk.tif'));
    for (const [file, space] of [[lab, 'CIELab'], [cmyk, 'CMYK']]) {
      const ref = rasterio(file);
      // GDAL's answer is not the stored samples: 4 RGBA bands whatever was stored
      expect(ref).toMatchObject({ count: 4 });
      expect((ref as { values: number[] }).values.slice(0, 1)).not.toEqual([100]);
      const got = await rasterduck(file);
      expect(got).toHaveProperty('error');
      const message = (got as { error: string }).error;
      expect(message).toContain(file);
      expect(message).toContain(`${space} (PhotometricInterpretation`);
      expect(message).toContain('gdal_translate -co PHOTOMETRIC=RGB');
    }
  });

  it('reads 16-bit CIELab as stored, as GDAL does', async () => {
    const lab16 = gdal('gdal_translate', ...tiled, '-ot', 'UInt16', '-b', '1', '-b', '2', '-b', '3', '-co', 'PHOTOMETRIC=CIELAB', src(), join(dir, 'lab16.tif'));
    const ref = rasterio(lab16) as { count: number; values: number[] };
    expect(ref.count).toBe(3);
    const got = await rasterduck(lab16);
    expect(got).toMatchObject({ bands: 3, values: ref.values });
  });

  it('sets no nodata when GDAL_NODATA starts with NUL, as GDAL', async () => {
    const file = gdal('gdal_translate', ...tiled, '-b', '1', '-a_nodata', '100', src(), join(dir, 'nodata.tif'));
    const bytes = new Uint8Array(readFileSync(file));
    const { at } = entryOf(bytes, Tag.GdalNodata);
    // "100\0" fits in the classic entry's 4 value bytes: inline at +8
    expect(String.fromCharCode(...bytes.subarray(at + 8, at + 11))).toBe('100');
    bytes[at + 8] = 0;
    const nul = join(dir, 'nul-nodata.tif');
    writeFileSync(nul, bytes);
    const ref = rasterio(nul) as { nodata: number | null; values: number[] };
    expect(ref.nodata).toBeNull();
    const got = await rasterduck(nul);
    expect(got).toMatchObject({ nodata: null, values: ref.values });
    expect((got as { valid: boolean[] }).valid.every(Boolean)).toBe(true);
  });

  it('reads 8-byte integer Compression, Photometric and SampleFormat that fit, and names the tag and exact value of those that do not', async () => {
    const big = gdal('gdal_translate', ...tiled, '-b', '1', '-ot', 'UInt16', '-co', 'BIGTIFF=YES', '-co', 'COMPRESS=DEFLATE', src(), join(dir, 'big.tif'));
    const fits: [number, number, bigint][] = [
      [Tag.Compression, FieldType.LONG8, 8n], [Tag.Compression, FieldType.SLONG8, 8n],
      [Tag.Photometric, FieldType.LONG8, 1n], [Tag.SampleFormat, FieldType.SLONG8, 1n],
    ];
    for (const [i, [tag, type, value]] of fits.entries()) {
      const file = withLong8(big, `fits-${i}.tif`, tag, type, value);
      const ref = rasterio(file) as { values: number[] };
      expect(ref.values, file).toHaveLength(40 * 30);
      expect(await rasterduck(file), file).toMatchObject({ bands: 1, values: ref.values });
    }
    const misfits: [number, number, bigint, string][] = [
      [Tag.Compression, FieldType.LONG8, 2n ** 40n, 'Compression (259) is 1099511627776, out of range for a SHORT tag (0..65535)'],
      [Tag.Compression, FieldType.LONG8, 2n ** 53n + 1n, 'Compression (259) is 9007199254740993, out of range'],
      [Tag.Photometric, FieldType.LONG8, 2n ** 32n + 1n, 'Photometric (262) is 4294967297, out of range'],
      [Tag.SampleFormat, FieldType.LONG8, 2n ** 64n - 1n, 'SampleFormat (339) is 18446744073709551615, out of range'],
      [Tag.SampleFormat, FieldType.SLONG8, -3n, 'SampleFormat (339) is -3, out of range'],
    ];
    for (const [i, [tag, type, value, reason]] of misfits.entries()) {
      const file = withLong8(big, `misfit-${i}.tif`, tag, type, value);
      for (const sql of [`SELECT cog_metadata('${file}')`, `SELECT read_chip('${file}', ST_MakeEnvelope(500000, 3999700, 500100, 4000000))`]) {
        const error = await con.run(sql).then(() => '', (e: Error) => e.message);
        expect(error, sql).toContain(`(${file}): IFD 0: ${reason}`);
        expect(error, sql).toMatch(/^Invalid Input Error: (cog_metadata|read_chip): row 0 /);
      }
    }
  });
});
