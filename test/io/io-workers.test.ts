/**
 * A chunk's rows spread over several I/O workers (src/bridge/sync-bridge.ts, src/udfs/wave.ts):
 * with 3 workers the rows of one statement reach more than one worker, each file's rows
 * the same one, and every answer (chips, headers, zonal statistics, samples, errors and
 * their row numbers) is the one a single worker gives; rasterduck_io_stats adds up the
 * workers' counters; and a wave under a tiny byte cap (RASTERDUCK_WAVE_MB) reads the same.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shardOfKey } from '../../src/bridge/sync-bridge.js';
import { fixturePath } from '../fixtures/fixtures.js';

const FILES = [
  'cog_deflate_u16_pred2_ovr_nodata0_32633.tif', 'cog_zstd_u16_pred2_bigtiff_ovr_32736.tif', 'cog_lzw_i16_no_ovr_3857.tif',
  'cog_deflate_u16_pred2_ovr_nodata0_32633.tif#copy1', 'cog_deflate_u16_pred2_ovr_nodata0_32633.tif#copy2', 'cog_deflate_u16_pred2_ovr_nodata0_32633.tif#copy3',
];

let dir: string;
let files: string[];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-io-workers-'));
  // copies under other names: other URLs, which the hash routes to other workers
  files = FILES.map((f, i) => path.join(dir, `${i}_${f.split('#')[0]}`));
  // made certain: the first two files go to different workers of 3 (a prefix changes the hash)
  for (let p = 0; shardOfKey(files[0], 3) === shardOfKey(files[1], 3); p++) files[1] = path.join(dir, `${p}_1_${FILES[1]}`);
  files.forEach((to, i) => copyFileSync(fixturePath(FILES[i].split('#')[0]), to));
});

interface ChildOut {
  readonly rows: Record<string, unknown>[];
  readonly perWorker: number[];
  readonly total: number;
}

function run(workers: number, sql: string, env: Record<string, string> = {}): ChildOut {
  const script = new URL('./helpers/io-workers-child.ts', import.meta.url).pathname;
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, sql], {
    encoding: 'utf8',
    env: { ...process.env, RASTERDUCK_IO_WORKERS: String(workers), ...env },
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildOut;
}

/** Every file's header and 3 boxes of its first pixels, as one VALUES table: one DuckDB chunk. */
function boxes(): string {
  const rows = files.flatMap((f) => [0, 1, 2].map((k) => `('${f}', ${k})`));
  return `WITH src AS (SELECT * FROM (VALUES ${rows.join(', ')}) t(href, k)),
    m AS (SELECT href, k, cog_metadata(href) AS meta FROM src),
    g AS (SELECT href, k, meta, ST_MakeEnvelope(meta.affine[3] + meta.affine[1] * (10 + 20 * k), meta.affine[6] + meta.affine[5] * (60 + 9 * k),
                                               meta.affine[3] + meta.affine[1] * (50 + 20 * k), meta.affine[6] + meta.affine[5] * (10 + 9 * k)) AS geom FROM m)`;
}

describe('rows spread over I/O workers', () => {
  it('gives one worker\'s chips, headers and samples, each file read by one worker, counters summed', () => {
    const sql = `${boxes()}
      SELECT href, k, meta.image_width AS w, md5(CAST(read_chip(href, geom).data AS VARCHAR)) AS by_url,
             md5(CAST(read_chip(meta, geom).mask AS VARCHAR)) AS by_meta, sample_point(href, ST_Centroid(geom)) AS v
      FROM g ORDER BY href, k`;
    const one = run(1, sql);
    const three = run(3, sql);
    expect(three.rows).toEqual(one.rows);
    expect(one.rows).toHaveLength(files.length * 3);
    expect(three.perWorker).toHaveLength(3);
    // the first two files hash to different workers: each read its own
    expect(three.perWorker.filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(three.total).toBe(three.perWorker.reduce((a, b) => a + b, 0));
    // each file's header read once, by the worker its rows go to: no more requests than one worker makes
    expect(three.total).toBe(one.total);
    // a wave's byte cap below one file's blocks: every file waits for the one before, same answers
    const capped = run(2, sql, { RASTERDUCK_WAVE_MB: '0.001' });
    expect(capped.rows).toEqual(one.rows);
    expect(capped.total).toBe(one.total);
  }, 240_000);

  it('gives one worker\'s zonal statistics and the same first failing row', () => {
    const zonal = `${boxes()}
      SELECT href, k, zonal_stats_rows({'b_metadata': meta}, geom, NULL, false, '', ['b'], ['count', 'mean', 'max']) AS z FROM g ORDER BY href, k`;
    expect(run(3, zonal).rows).toEqual(run(1, zonal).rows);
    // the row that fails is the first in the chunk's order, whichever worker read it
    const failing = `SELECT read_chip(f, ST_MakeEnvelope(0, 0, 1000, 1000)) FROM (VALUES ('${files[0]}'), ('${dir}/missing_a.tif'), ('${files[1]}'), ('${dir}/missing_b.tif')) t(f)`;
    const err = (workers: number) => {
      try {
        run(workers, failing);
        return 'no error';
      } catch (e) {
        return /row \d+[^:]*/.exec(String(e))?.[0];
      }
    };
    expect(err(3)).toBe(err(1));
    expect(err(1)).toMatch(/^row 1/);
  }, 240_000);
});
