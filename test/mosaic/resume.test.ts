/**
 * build_mosaic killed part way (SIGKILL of the process running it) and run again: the
 * blocks whose ledger marker was written are skipped (their markers untouched) and the
 * finished cube equals an uninterrupted run's. Also: dry_run reads no pixel and no header.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWithZarrita, tempDir } from '../zarr/helpers/zarrita-read.js';
import { runScript } from '../zarr/helpers/child.js';
import { expectResumed, killAfterBlocks } from '../zarr/helpers/kill-resume.js';
import { collectionOf, makeScenes } from './fixture.js';

const tmp = tempDir('mosaic-resume');
let manifest: string;

async function runToEnd(out: string): Promise<string[]> {
  const child = runScript('../../mosaic/run-mosaic.ts', [manifest, out]);
  expect(await child.exited).toBe(0);
  expect(child.lines.at(-1)).toBe('DONE');
  return child.lines.slice(0, -1);
}

beforeAll(() => {
  const scenes = makeScenes(path.join(tmp.dir, 'scenes'));
  manifest = path.join(tmp.dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify(scenes));
}, 60_000);
afterAll(() => tmp.cleanup());

describe('build_mosaic resume', () => {
  it('skips the blocks a killed run finished and ends with the same cube', async () => {
    const reference = path.join(tmp.dir, 'reference.zarr');
    const all = await runToEnd(reference);
    expect(all.length).toBeGreaterThan(40);
    expect(all.every((l) => !l.includes('skipped'))).toBe(true);

    const out = path.join(tmp.dir, 'killed.zarr');
    const killed = await killAfterBlocks('../../mosaic/run-mosaic.ts', [manifest, out], out);
    expect(killed.done.length).toBeLessThan(all.length);

    const second = await runToEnd(out);
    expectResumed(killed, second, out);
    expect(second.length).toBe(all.length);
    const [want, got] = [await readWithZarrita(reference, 'mosaic'), await readWithZarrita(out, 'mosaic')];
    expect(got.shape).toEqual(want.shape);
    expect(Buffer.from((got.data as Float32Array).buffer).equals(Buffer.from((want.data as Float32Array).buffer))).toBe(true);
  }, 180_000);

  it('dry_run plans every block from the cached tile tables without a request', async () => {
    const con = await collectionOf(JSON.parse((await import('node:fs')).readFileSync(manifest, 'utf8')));
    await con.run('SELECT * FROM rasterduck_io_stats(reset := true)');
    const out = path.join(tmp.dir, 'never.zarr');
    const plan = (await con.runAndReadAll(`SELECT * FROM build_mosaic(getvariable('scenes'), bands := ['B04', 'B08'], mask_band := 'SCL',
      date_ranges := ['2024-05-01/2024-05-31'], block_size := 64, output := '${out}', dry_run := true)`)).getRowObjectsJS();
    const stats = (await con.runAndReadAll("SELECT requests FROM rasterduck_io_stats() WHERE scheme = 'total'")).getRowObjectsJS();
    expect(stats[0].requests).toBe(0n);
    expect(existsSync(out)).toBe(false);
    expect(plan.length).toBe(Number(plan[0].blocks));
    expect(plan.some((r) => Number(r.bytes_to_read) > 0 && Number(r.tiles) > 0 && Number(r.memory_bytes) > 0)).toBe(true);
  }, 60_000);
});
