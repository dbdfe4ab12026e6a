/**
 * The pixel mismatches the SQL fuzz found in 25,000 mutants of seed 20261207 (bench/fuzz-tiff.ts),
 * each remade from a GDAL-written file by patching bytes and read through SQL against GDAL 3.6
 * (rasterio): a Predictor, Photometric or NewSubfileType of count 2, which libtiff ignores; counts
 * and a SampleFormat libtiff refuses the directory for (GDAL then drops a mask IFD); a deflate
 * tile whose stream holds more than the tile, which GDAL's libdeflate leaves half written.
 * Skipped without GDAL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { Tag } from '../../src/tiff/tags.js';

const hasGdal = spawnSync('gdal_translate', ['--version']).status === 0;
let dir: string;
let con: DuckDBConnection;

/** rasterio's view of a file: every value and mask value, or its error. */
function rasterio(file: string): { values: number[]; valid: boolean[] } | { error: string } {
  const py = `
import json, sys, warnings, rasterio
warnings.simplefilter('ignore')
try:
    with rasterio.open(sys.argv[1]) as s:
        print(json.dumps({"values": s.read().astype(float).ravel().tolist(), "valid": (s.read_masks() != 0).ravel().tolist()}))
except Exception as e:
    print(json.dumps({"error": str(e)}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' }));
}

/** rasterduck's whole image in SQL, or the error. */
async function rasterduck(file: string): Promise<{ values: number[]; valid: boolean[] } | { error: string }> {
  try {
    const reader = await con.runAndReadAll(`
      WITH m AS (SELECT cog_metadata('${file}') AS m),
           c AS (SELECT read_chip(m, ST_MakeEnvelope(m.affine[3], m.affine[6] + m.affine[5] * m.image_height,
                   m.affine[3] + m.affine[1] * m.image_width, m.affine[6])) AS chip FROM m)
      SELECT chip_values(chip) AS values, chip_mask(chip) AS valid FROM c`);
    return reader.getRowObjectsJS()[0] as { values: number[]; valid: boolean[] };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

interface Entry {
  readonly at: number;
  readonly type: number;
  readonly count: number;
  /** The value field: the value itself when it fits in 4 bytes, else where the values are. */
  readonly field: number;
}

/** The entry of `tag` in IFD `ifd` of a classic little-endian TIFF. */
function entryOf(bytes: Uint8Array, ifd: number, tag: number): Entry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = view.getUint32(4, true);
  for (let k = 0; k < ifd; k++) offset = view.getUint32(offset + 2 + 12 * view.getUint16(offset, true), true);
  for (let i = 0; i < view.getUint16(offset, true); i++) {
    const at = offset + 2 + 12 * i;
    if (view.getUint16(at, true) === tag) return { at, type: view.getUint16(at + 2, true), count: view.getUint32(at + 4, true), field: view.getUint32(at + 8, true) };
  }
  throw new Error(`tag ${tag} is not in IFD ${ifd}`);
}

function patched(src: string, name: string, edit: (bytes: Uint8Array, view: DataView) => Uint8Array | void): string {
  const bytes = new Uint8Array(readFileSync(src));
  const out = join(dir, name);
  writeFileSync(out, edit(bytes, new DataView(bytes.buffer)) ?? bytes);
  return out;
}

/** A copy with one tag's count set (its inline value bytes unchanged). */
function withCount(src: string, name: string, ifd: number, tag: number, count: number): string {
  return patched(src, name, (bytes, view) => view.setUint32(entryOf(bytes, ifd, tag).at + 4, count, true));
}

function gdal(...args: string[]): string {
  execFileSync('gdal_translate', ['-q', ...args]);
  return args[args.length - 1];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rd-fuzz-findings-'));
  con = await connect();
  if (!hasGdal) return;
  execFileSync('gdal_create', ['-q', '-outsize', '50', '37', '-bands', '1', '-ot', 'UInt16', '-burn', '0', '-a_srs', 'EPSG:32633',
    '-a_ullr', '500000', '4000000', '500500', '3999630', join(dir, 'src.tif')]);
  // values that vary by pixel, so a predictor applied or not shows everywhere
  execFileSync('/usr/bin/python3', ['-c', `
import sys, numpy as np
from osgeo import gdal
ds = gdal.Open(sys.argv[1], gdal.GA_Update)
r, c = np.mgrid[0:37, 0:50]
ds.GetRasterBand(1).WriteArray((r * 50 + c) * 7 % 4001)
`, join(dir, 'src.tif')]);
});

afterAll(() => {
  con?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasGdal)('fuzz findings against GDAL', () => {
  const src = () => join(dir, 'src.tif');
  const tiles = ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32'];

  it('ignores a Predictor, Photometric or mask NewSubfileType of count 2, as libtiff does (mutant 14330)', async () => {
    const pred = gdal(...tiles, '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2', src(), join(dir, 'pred.tif'));
    const masked = gdal(...tiles, '-mask', '1', '--config', 'GDAL_TIFF_INTERNAL_MASK', 'YES', '-co', 'COMPRESS=DEFLATE', src(), join(dir, 'masked.tif'));
    const files = [
      withCount(pred, 'predictor-2.tif', 0, Tag.Predictor, 2),
      withCount(pred, 'photometric-2.tif', 0, Tag.Photometric, 2),
      // the mask IFD stops being a mask: GDAL sees no mask
      withCount(masked, 'subfile-2.tif', 1, Tag.NewSubfileType, 2),
    ];
    for (const file of files) {
      const ref = rasterio(file);
      expect(ref, file).toHaveProperty('values');
      expect(await rasterduck(file), file).toEqual(ref);
    }
  });

  it('refuses a 16-bit tag typed IFD, which GDAL ignores for Predictor and never reads as one (mutant 27345)', async () => {
    const pred = gdal(...tiles, '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2', src(), join(dir, 'pred-ifd-src.tif'));
    // Predictor (SHORT, count 1) retyped IFD (13): its 4-byte value field then reads as 2 only
    // in little-endian byte order, which GDAL's file is
    const file = patched(pred, 'predictor-ifd.tif', (bytes, view) => view.setUint16(entryOf(bytes, 0, Tag.Predictor).at + 2, 13, true));
    // libtiff: "Incompatible type for Predictor; tag ignored": GDAL reads the bytes without the predictor
    const ref = rasterio(file);
    expect(ref, file).toHaveProperty('values');
    expect(ref).not.toEqual(rasterio(pred));
    expect((await rasterduck(file)) as { error: string }).toEqual({ error: expect.stringMatching(/predictor-ifd\.tif.*Predictor \(317\) has field type IFD \(13\), which TIFF does not allow for it/) });
  });

  it('takes a full-size mask IFD with the reduced-resolution bit as a mask overview, as GDAL (mutant 31441)', async () => {
    const masked = gdal(...tiles, '-mask', '1', '--config', 'GDAL_TIFF_INTERNAL_MASK', 'YES', '-co', 'COMPRESS=DEFLATE', src(), join(dir, 'masked-5-src.tif'));
    // NewSubfileType 4 (mask) -> 5 (mask | reduced resolution): GDAL then has no full-resolution mask
    const file = patched(masked, 'mask-as-overview.tif', (bytes, view) => view.setUint32(entryOf(bytes, 1, Tag.NewSubfileType).at + 8, 5, true));
    const ref = rasterio(file);
    expect(ref, file).toHaveProperty('values');
    expect(ref).not.toEqual(rasterio(masked));
    expect(await rasterduck(file)).toEqual(ref);
  });

  it('refuses the counts libtiff refuses the directory for, naming the tag', async () => {
    const strips = gdal('-co', 'BLOCKYSIZE=8', src(), join(dir, 'strips.tif'));
    const tiled = gdal(...tiles, src(), join(dir, 'tiled.tif'));
    const cases: [string, number, string][] = [
      [strips, Tag.RowsPerStrip, 'RowsPerStrip (278) has 2 values'],
      [tiled, Tag.SamplesPerPixel, 'SamplesPerPixel (277) has 2 values'],
      [tiled, Tag.PlanarConfiguration, 'PlanarConfiguration (284) has 2 values'],
      [tiled, Tag.TileWidth, 'TileWidth (322) has 2 values'],
      // a per-sample tag with no value at all (mutant 25546, there in the mask IFD)
      [tiled, Tag.BitsPerSample, 'BitsPerSample (258) has no values'],
    ];
    for (const [i, [from, tag, reason]] of cases.entries()) {
      const file = withCount(from, `count-${i}.tif`, 0, tag, tag === Tag.BitsPerSample ? 0 : 2);
      expect(rasterio(file), file).toHaveProperty('error');
      const got = await rasterduck(file);
      expect((got as { error: string }).error, file).toContain(`(${file}): IFD 0: ${reason}`);
    }
  });

  it('refuses a mask IFD with SampleFormat 0, which libtiff drops and GDAL then ignores (mutant 14106)', async () => {
    const masked = gdal(...tiles, '-mask', '1', '--config', 'GDAL_TIFF_INTERNAL_MASK', 'YES', src(), join(dir, 'masked-plain.tif'));
    // the mask covers some pixels, so reading it or not shows
    execFileSync('/usr/bin/python3', ['-c', `
import sys
from osgeo import gdal
ds = gdal.Open(sys.argv[1], gdal.GA_Update)
m = ds.GetRasterBand(1).GetMaskBand()
m.WriteRaster(0, 0, 10, 10, bytes(100))
`, masked]);
    const file = patched(masked, 'mask-sampleformat-0.tif', (bytes, view) => view.setUint16(entryOf(bytes, 1, Tag.SampleFormat).at + 8, 0, true));
    const ref = rasterio(file) as { valid: boolean[] };
    expect(ref.valid.every(Boolean)).toBe(true);
    expect(rasterio(masked)).toMatchObject({ valid: expect.arrayContaining([false]) });
    const got = await rasterduck(file);
    expect((got as { error: string }).error).toContain(`(${file}): IFD 1: SampleFormat (339) 0 is out of range`);
  });

  it('refuses a deflate tile whose stream holds more than the tile, and reads such a short last strip as GDAL (mutants 11600, 16545, 17330, 21720)', async () => {
    const tiled = gdal(...tiles, '-co', 'COMPRESS=DEFLATE', src(), join(dir, 'deflate-tiles.tif'));
    const strips = gdal('-co', 'BLOCKYSIZE=8', '-co', 'COMPRESS=DEFLATE', src(), join(dir, 'deflate-strips.tif'));
    // block `index` re-stored at the file's end as a stream of its own samples plus `extra` more bytes
    const longer = (from: string, name: string, offsetsTag: number, countsTag: number, index: number, blockBytes: number, extra: number) =>
      patched(from, name, (bytes, view) => {
        const offsets = entryOf(bytes, 0, offsetsTag);
        const counts = entryOf(bytes, 0, countsTag);
        // GDAL writes small byte counts as SHORT (type 3)
        expect(offsets.type).toBe(4);
        const at = view.getUint32(offsets.field + 4 * index, true);
        const short = counts.type === 3;
        const stored = short ? view.getUint16(counts.field + 2 * index, true) : view.getUint32(counts.field + 4 * index, true);
        const samples = new Uint8Array(inflateSync(bytes.subarray(at, at + stored)).subarray(0, blockBytes));
        const stream = deflateSync(Buffer.concat([samples, Buffer.alloc(extra, 0x55)]));
        view.setUint32(offsets.field + 4 * index, bytes.length, true);
        if (short) view.setUint16(counts.field + 2 * index, stream.length, true);
        else view.setUint32(counts.field + 4 * index, stream.length, true);
        return new Uint8Array(Buffer.concat([bytes, stream]));
      });
    const tile = longer(tiled, 'long-tile.tif', Tag.TileOffsets, Tag.TileByteCounts, 0, 32 * 32 * 2, 100);
    expect(rasterio(tile)).toHaveProperty('values');
    const got = await rasterduck(tile);
    expect((got as { error: string }).error).toContain(`(${tile}): deflate block 0`);
    expect((got as { error: string }).error).toContain("inflates to 2148 bytes, more than the block's 2048");
    // the last strip has 37 - 32 = 5 rows: libtiff inflates it with zlib, which stops at its size
    const strip = longer(strips, 'long-last-strip.tif', Tag.StripOffsets, Tag.StripByteCounts, 4, 5 * 50 * 2, 100);
    const ref = rasterio(strip);
    expect(ref).toHaveProperty('values');
    expect(await rasterduck(strip)).toEqual(ref);
  });
});

