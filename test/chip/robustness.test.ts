/**
 * Chip reads when things go wrong, and the I/O they cost: a truncated file and a corrupt
 * tile fail only the rows that need the bad block (FormatError naming the file), a batch
 * mixing good and bad rows gives each row its own outcome, a metadata record saves the
 * header request, rows of one file share one coalesced wave, and the op works through
 * the bridge.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chip, ChipRequest } from '../../src/chip/chip.js';
import { sharedBlockCache } from '../../src/chip/decoded-block-cache.js';
import { readChipRows } from '../../src/chip/read-chip-rows.js';
import type { Geometry } from '../../src/geo/geometry.js';
import { toWkb } from '../../src/geo/wkb.js';
import { ioStats, resetIoStats } from '../../src/io/counted.js';
import { openReader } from '../../src/io/open-reader.js';
import type { Outcome } from '../../src/io/outcome.js';
import { runSync, stopBridge } from '../../src/bridge/sync-bridge.js';
import { cogMetadataOf, type CogMetadata } from '../../src/tiff/cog-metadata.js';
import { clearHeaderCache } from '../../src/tiff/header-cache.js';
import { readTiffHeader } from '../../src/tiff/header.js';
import { fixturePath } from '../fixtures/fixtures.js';

async function metadataOf(path: string): Promise<CogMetadata> {
  return cogMetadataOf(await readTiffHeader(openReader(path)));
}

/** A box in pixel units on the file's grid, as WKB. */
function pixelBox(meta: CogMetadata, c0: number, r0: number, c1: number, r1: number): Uint8Array {
  const [a, , c, , e, f] = meta.affine!;
  const p = (col: number, row: number): [number, number] => [c + col * a, f + row * e];
  const g: Geometry = { type: 'Polygon', coordinates: [[p(c0, r0), p(c1, r0), p(c1, r1), p(c0, r1), p(c0, r0)]] };
  return toWkb(g);
}

function chipOf(o: Outcome<Chip | null>): Chip {
  if (!o.ok) throw new Error(o.error.reason);
  if (!o.value) throw new Error('expected a chip, got NULL');
  return o.value;
}

const SOURCE = fixturePath('cog_deflate_u16_pred2_ovr_nodata0_32633.tif');
const TRUNCATED = fixturePath('truncated_data.tif');
let dir = '';
let meta: CogMetadata;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rasterduck-chip-'));
  meta = await metadataOf(SOURCE);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await stopBridge();
});

describe('a truncated file (its last tile cut in half)', () => {
  it('fails the chip that needs the missing bytes with a FormatError naming the file, and reads the others', async () => {
    const [bad, good] = await readChipRows({
      requests: [
        { url: TRUNCATED, wkb: pixelBox(meta, 1100.5, 1050.2, 1150.5, 1090.7) },
        { url: TRUNCATED, wkb: pixelBox(meta, 10.5, 20.2, 60.5, 70.7) },
      ],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.kind).toBe('format');
      expect(bad.error.url).toBe(TRUNCATED);
      expect(bad.error.reason).toMatch(/cut short|corrupt/);
    }
    const [same] = await readChipRows({ requests: [{ url: SOURCE, wkb: pixelBox(meta, 10.5, 20.2, 60.5, 70.7) }] });
    expect(chipOf(good)).toEqual(chipOf(same));
  });
});

describe('a corrupt tile', () => {
  it('fails only the rows that need it', async () => {
    const name = 'deflate_i16_pred2_be_bigtiff_32633.tif';
    const path = join(dir, name);
    copyFileSync(fixturePath(name), path);
    const m = await metadataOf(path);
    const bytes = new Uint8Array(readFileSync(path));
    bytes.fill(0xa5, m.tile_offsets[0] + 2, m.tile_offsets[0] + m.tile_byte_counts[0]);
    writeFileSync(path, bytes);
    const [bad, good] = await readChipRows({ requests: [{ url: path, wkb: pixelBox(m, 3, 3, 20, 20) }, { url: path, wkb: pixelBox(m, 300, 300, 320, 320) }] });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'format', url: path } });
    if (!bad.ok) expect(bad.error.reason).toMatch(/deflate block 0 .* is corrupt/);
    const [same] = await readChipRows({ requests: [{ url: fixturePath(name), wkb: pixelBox(m, 300, 300, 320, 320) }] });
    expect(chipOf(good)).toEqual(chipOf(same));
  });
});

describe('a batch mixing good and bad rows', () => {
  it('gives each row its own outcome, in order', async () => {
    const missing = join(dir, 'missing.tif');
    const requests: ChipRequest[] = [
      { url: SOURCE, wkb: pixelBox(meta, 10, 10, 30, 30) },
      { url: missing, wkb: pixelBox(meta, 10, 10, 30, 30) },
      { url: fixturePath('not_a_tiff.tif'), wkb: pixelBox(meta, 10, 10, 30, 30) },
      { url: SOURCE, wkb: Uint8Array.from([1, 3, 0]) },
      { url: SOURCE, wkb: pixelBox(meta, -50, -50, -10, -10) },
      // a collection is read as its polygons; a line in it is refused (an empty one is an empty area: NULL)
      { url: SOURCE, wkb: toWkb({ type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [[0, 0], [1, 1]] }] }) },
      // a geometry CRS proj4js cannot transform as GDAL does (Krovak) is refused, naming the row's file
      { url: SOURCE, wkb: toWkb({ type: 'Point', coordinates: [-700000, -1000000] }), geometryCrs: 'EPSG:5514' },
      { url: SOURCE, wkb: pixelBox(meta, 500, 500, 530, 540) },
    ];
    const out = await readChipRows({ requests });
    expect(out.map((o) => (o.ok ? (o.value ? 'chip' : 'null') : o.error.kind))).toEqual(['chip', 'fetch', 'format', 'input', 'null', 'input', 'input', 'chip']);
    expect(out[1]).toMatchObject({ error: { status: 404, url: missing } });
    expect(out[2]).toMatchObject({ error: { url: fixturePath('not_a_tiff.tif') } });
    expect(out[6]).toMatchObject({ error: { url: SOURCE, reason: expect.stringMatching(/EPSG:5514 .*cannot be transformed exactly/) } });
    expect(out[3]).toMatchObject({ error: { url: SOURCE } }); // a bad geometry still names its row's file
  });
});

describe('I/O of a batch', () => {
  it('reads from a metadata record with no header request, and the same chip as from the URL', async () => {
    clearHeaderCache();
    sharedBlockCache().clear();
    resetIoStats();
    const wkb = pixelBox(meta, 600.5, 600.5, 640.5, 650.5);
    const [fromMeta] = await readChipRows({ requests: [{ url: SOURCE, wkb, metadata: meta }] });
    expect(ioStats().requests).toBe(1);
    sharedBlockCache().clear();
    resetIoStats();
    const [fromUrl] = await readChipRows({ requests: [{ url: SOURCE, wkb }] });
    expect(ioStats().requests).toBe(2); // the header's read-ahead, then the tile
    expect(chipOf(fromMeta)).toEqual(chipOf(fromUrl));
  });

  it('accepts block tables as bigints, as a DuckDB BIGINT[] delivers them', async () => {
    const asBigints = { ...meta, tile_offsets: meta.tile_offsets.map(BigInt), tile_byte_counts: meta.tile_byte_counts.map(BigInt) } as unknown as CogMetadata;
    const wkb = pixelBox(meta, 600.5, 600.5, 640.5, 650.5);
    const [a, b] = await readChipRows({ requests: [{ url: SOURCE, wkb, metadata: asBigints }, { url: SOURCE, wkb, metadata: meta }] });
    expect(chipOf(a)).toEqual(chipOf(b));
  });

  it('fetches the blocks of every row of a file in one coalesced wave', async () => {
    sharedBlockCache().clear();
    resetIoStats();
    // four rows over the four tiles around (512, 512): adjacent in the file, so one merged read
    const rows = [[500, 500], [520, 500], [500, 520], [520, 520]].map(([c, r]) => ({ url: SOURCE, wkb: pixelBox(meta, c, r, c + 5, r + 5), metadata: meta }));
    const out = await readChipRows({ requests: rows });
    expect(out.every((o) => o.ok && o.value)).toBe(true);
    expect(ioStats().requests).toBe(1);
  });

  it('neither fetches nor decodes a block again while the decoded-block cache holds it', async () => {
    sharedBlockCache().clear();
    resetIoStats();
    const rows = [[100, 100], [700, 640]].map(([c, r]) => ({ url: SOURCE, wkb: pixelBox(meta, c, r, c + 40, r + 30), metadata: meta }));
    const first = await readChipRows({ requests: rows });
    const fetched = ioStats().requests;
    expect(fetched).toBeGreaterThan(0);
    expect(sharedBlockCache().size).toBeGreaterThan(0);
    resetIoStats();
    const again = await readChipRows({ requests: rows });
    expect(ioStats().requests).toBe(0);
    expect(again.map(chipOf)).toEqual(first.map(chipOf));
    // one row's blocks cached, the other's not: only the missing ones are fetched
    sharedBlockCache().clear();
    await readChipRows({ requests: [rows[0]] });
    resetIoStats();
    const mixed = await readChipRows({ requests: rows });
    expect(ioStats().requests).toBeGreaterThan(0);
    expect(ioStats().requests).toBeLessThan(fetched + 1);
    expect(mixed.map(chipOf)).toEqual(first.map(chipOf));
  });

  it('runs as the readChipRows bridge op, chip buffers included', () => {
    const wkb = pixelBox(meta, 10.5, 20.2, 60.5, 70.7);
    const [o] = runSync<Outcome<Chip | null>[]>('readChipRows', { requests: [{ url: SOURCE, wkb }] });
    const chip = chipOf(o);
    expect([chip.bands, chip.height, chip.width, chip.dtype]).toEqual([1, 51, 51, 'uint16']);
    expect(chip.data.byteLength).toBe(51 * 51 * 2);
    expect(chip.mask.length).toBe(51 * 51);
  });
});
