/**
 * The TIFF fuzz through SQL, small enough for CI: 300 mutants of GDAL-written seeds read with
 * cog_metadata and read_chip on one connection. Every mutant must give a rasterduck error
 * naming the function and file (never a TypeError, RangeError, "a bug" or a hang), NULL, or
 * pixels; pixels must equal GDAL's wherever GDAL reads the same mutant. The long campaign is
 * `node --import tsx bench/fuzz-tiff.ts --count 100000`. RASTERDUCK_FUZZ_SEED varies the sequence.
 * Skipped without GDAL.
 */
process.env.RASTERDUCK_BLOCK_CACHE_MB = '0';
process.env.RASTERDUCK_BRIDGE_TIMEOUT_MS = '20000';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { classify, GdalChecker, gdalRequest, gdalSeeds, hasGdal, readMutant, runCampaign, type FuzzSeed } from './sql-fuzz.js';

const COUNT = 300;
const SEED = Number(process.env.RASTERDUCK_FUZZ_SEED ?? 20261207);
const gdal = hasGdal();
let dir: string;
let con: DuckDBConnection;
let seeds: FuzzSeed[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rd-sql-fuzz-'));
  con = await connect();
  if (gdal) seeds = gdalSeeds(dir);
});

afterAll(() => {
  con?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe('classify', () => {
  it('counts only named, bug-free messages as rasterduck errors', () => {
    expect(classify('Invalid Input Error: read_chip: row 0 (/x.tif): deflate block 3 (10 bytes) is corrupt: bad header')).toMatchObject({ kind: 'error', cls: 'format' });
    expect(classify('Invalid Input Error: cog_metadata: unexpected error: number out of int32 range. This is a bug in rasterduck; please report it')).toMatchObject({ kind: 'crash' });
    expect(classify("Invalid Input Error: read_chip: row 0 (/x.tif): unexpected error: Cannot read properties of undefined (reading 'length')")).toMatchObject({ kind: 'crash' });
  });
});

describe.skipIf(!gdal)('TIFF fuzz through SQL', () => {
  it('reads every unmutated seed as GDAL does', async () => {
    const checker = new GdalChecker();
    try {
      for (const s of seeds) {
        const path = join(dir, `seed-${s.name}.tif`);
        const { outcome, chip } = await readMutant(con, path);
        expect(outcome, s.name).toEqual({ kind: 'pixels' });
        expect(await checker.check([gdalRequest(path, chip!)]), s.name).toEqual([{ verdict: 'match', detail: '' }]);
      }
    } finally {
      checker.close();
    }
  });

  it(`gives a rasterduck error, NULL or GDAL's pixels on ${COUNT} mutants`, async () => {
    const { counts, findings } = await runCampaign(con, seeds, { count: COUNT, seed: SEED, dir: join(dir, 'mutants'), batch: 100 });
    console.log(`sql fuzz: ${JSON.stringify(counts)}`);
    expect(findings.map((f) => `${f.kind}: ${f.label}: ${f.detail}`)).toEqual([]);
    expect(counts.mutants).toBe(COUNT);
    // the mutations must leave both refusals and readable files, and GDAL must compare some pixels
    expect(counts.errors.format).toBeGreaterThan(COUNT / 10);
    expect(counts.matches).toBeGreaterThan(COUNT / 20);
  });
});
