/**
 * RASTERDUCK_MAX_CHIP_MB through SQL: read_chip refuses a chip past the limit before any
 * block is fetched, and chip_values, chip_mask and chip_normalized_difference refuse a result
 * past it, each with a message that says the shape, the size, the limit and what to do
 * instead; below the limit they answer as rasterio does. The file is a 20000x20000 3-band
 * uint16 GDAL file written sparse (2.4 GB decoded, a few hundred KB on disk).
 * Skipped without GDAL.
 */
// a low limit for this file's workers and main thread: 64 MB
process.env.RASTERDUCK_MAX_CHIP_MB = '64';
process.env.RASTERDUCK_BLOCK_CACHE_MB = '0';

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';

const hasGdal = spawnSync('gdal_create', ['--version']).status === 0;
let dir: string;
let big: string;
let con: DuckDBConnection;

const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS();
const failure = (sql: string) => con.run(sql).then(() => 'no error', (e: Error) => e.message);

// the whole 20000x20000 image (10 m pixels from 500000, 4000000), and a 1000x1000 and a 2000x2000 corner
const box = (px: number) => `ST_MakeEnvelope(500000, ${4000000 - 10 * px}, ${500000 + 10 * px}, 4000000)`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rd-size-'));
  con = await connect();
  if (!hasGdal) return;
  big = join(dir, 'big.tif');
  // no -burn: gdal_create writes no block, and SPARSE_OK keeps them absent (offset 0)
  execFileSync('gdal_create', ['-q', '-outsize', '20000', '20000', '-bands', '3', '-ot', 'UInt16', '-a_srs', 'EPSG:32633',
    '-a_ullr', '500000', '4000000', '700000', '3800000', '-a_nodata', '9', '-co', 'TILED=YES', '-co', 'SPARSE_OK=TRUE', '-co', 'COMPRESS=DEFLATE', big]);
  await con.run(`CREATE TABLE m AS SELECT cog_metadata('${big}') AS m`);
});

afterAll(() => {
  con?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasGdal)('RASTERDUCK_MAX_CHIP_MB', () => {
  it('read_chip refuses a whole-scene chip before fetching anything, saying what to use instead', async () => {
    expect(statSync(big).size).toBeLessThan(2_000_000);
    await rows('SELECT * FROM rasterduck_io_stats(reset := true)');
    const message = await failure(`SELECT read_chip(m, ${box(20000)}) FROM m`);
    // 3 bands x 20000 x 20000 uint16 = 2.4e9 bytes = 2289 MiB
    expect(message).toContain(`read_chip: row 0 (${big}): the uint16 chip would be 3x20000x20000 = 1200000000 values, 2289 MB, over the 64 MB limit (RASTERDUCK_MAX_CHIP_MB)`);
    expect(message).toMatch(/Read it in tiles .* lower resolution .* chip_stats \(zonal statistics\)/);
    const [total] = await rows(`SELECT requests FROM rasterduck_io_stats() WHERE scheme = 'total'`);
    expect(Number(total.requests)).toBe(0);
  });

  it('read_chip reads a chip below the limit, and chip_stats reduces it with no limit of its own', async () => {
    // 3x2000x2000 uint16 = 22.9 MB: under 64
    const [r] = await rows(`SELECT c.width AS w, list_transform(chip_stats(c), s -> s.count::INTEGER) AS counts FROM (SELECT read_chip(m, ${box(2000)}) AS c FROM m)`);
    // sparse blocks read as nodata (9), so no pixel is valid, as GDAL's mask says
    expect(r).toEqual({ w: 2000, counts: [0, 0, 0] });
  });

  it('chip_values refuses a DOUBLE[] past the limit and returns one below it', async () => {
    // 3x1000x1000 values x 120 bytes (its measured peak per value) = 343 MB: over 64
    const message = await failure(`SELECT chip_values(read_chip(m, ${box(1000)})) FROM m`);
    expect(message).toContain("chip_values: row 0: chip_values' DOUBLE[] (about 120 bytes per value on its way to DuckDB) would be 3x1000x1000 = 3000000 values, 343 MB, over the 64 MB limit (RASTERDUCK_MAX_CHIP_MB)");
    // 3x300x300 x 120 = 31 MB: under
    const [r] = await rows(`SELECT len(chip_values(c))::INTEGER AS n, list_distinct(chip_values(c)) AS v FROM (SELECT read_chip(m, ${box(300)}) AS c FROM m)`);
    expect(r).toEqual({ n: 270_000, v: [9] });
  });

  it('chip_mask and chip_normalized_difference check their own result sizes', async () => {
    // chip_mask: 3x500x500 x 70 bytes = 50 MB, under 64; 3x600x600 = 72 MB, over
    const [r] = await rows(`SELECT len(chip_mask(read_chip(m, ${box(500)})))::INTEGER AS n FROM m`);
    expect(r.n).toBe(750_000);
    expect(await failure(`SELECT chip_mask(read_chip(m, ${box(600)})) FROM m`))
      .toContain("chip_mask: row 0: chip_mask's BOOLEAN[] (about 70 bytes per value on its way to DuckDB) would be 3x600x600 = 1080000 values, 72 MB, over the 64 MB limit");
    // chip_normalized_difference: 3x2000x2000 x 12 bytes = 137 MB, over 64 (the inputs are 22.9 MB each)
    const message = await failure(`SELECT chip_normalized_difference(read_chip(m, ${box(2000)}), read_chip(m, ${box(2000)})) FROM m`);
    expect(message).toContain("chip_normalized_difference: row 0: chip_normalized_difference's float32 chip (about 12 bytes per value) would be 3x2000x2000 = 12000000 values, 137 MB, over the 64 MB limit");
    const [nd] = await rows(`SELECT chip_normalized_difference(read_chip(m, ${box(1000)}), read_chip(m, ${box(1000)})).width AS w FROM m`);
    expect(nd.w).toBe(1000);
  });

  it('refuses a limit that is not a number', async () => {
    const { checkChipSize } = await import('../../src/chip/chip-size-limit.js');
    expect(() => checkChipSize({ bands: 1, height: 1, width: 1, bytesPerValue: 1, what: 'x' }, { RASTERDUCK_MAX_CHIP_MB: 'lots' }))
      .toThrow('RASTERDUCK_MAX_CHIP_MB=lots is not a number of megabytes > 0');
  });
});
