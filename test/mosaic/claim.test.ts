/**
 * A build_mosaic that is refused changes no byte of the output it refuses (bands in another
 * order, other date_ranges), two builds started together on one output leave the output of
 * exactly one of them (its band coordinate and its pixels), and a run killed with SIGKILL
 * leaves no temp file behind once it is resumed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../zarr/helpers/child.js';
import { killAfterBlocks } from '../zarr/helpers/kill-resume.js';
import { hashTree, tempFiles } from '../zarr/helpers/tree-hash.js';
import { readWithZarrita, tempDir } from '../zarr/helpers/zarrita-read.js';
import { collectionOf, makeScenes, type SceneFiles } from './fixture.js';

const tmp = tempDir('mosaic-claim');
let manifest: string;
let scenes: SceneFiles[];

const build = (out: string, bands = "'B04', 'B08'", ranges = "'2024-05-01/2024-05-31', '2024-05-01/2024-07-31'") =>
  `SELECT * FROM build_mosaic(getvariable('scenes'), bands := [${bands}], mask_band := 'SCL', date_ranges := [${ranges}],
    block_size := 32, output := '${out}')`;

async function runToEnd(out: string, bands: string, blockPx: string): Promise<number | string | null> {
  const child = runScript('../../mosaic/run-mosaic.ts', [manifest, out, bands, blockPx]);
  return child.exited;
}

const pixelsOf = async (out: string): Promise<Buffer> => Buffer.from(((await readWithZarrita(out, 'mosaic')).data as Float32Array).buffer);

beforeAll(() => {
  scenes = makeScenes(path.join(tmp.dir, 'scenes'));
  manifest = path.join(tmp.dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify(scenes));
}, 60_000);
afterAll(() => tmp.cleanup());

describe('build_mosaic claims its output', () => {
  it('leaves every byte of a finished output as it was when it refuses a run', async () => {
    const con = await collectionOf(scenes);
    const out = path.join(tmp.dir, 'finished.zarr');
    await con.run(build(out));
    const before = hashTree(out, `${out}_cogs`);
    expect(Object.keys(before).length).toBeGreaterThan(20);
    await expect(con.run(build(out, "'B08', 'B04'"))).rejects.toThrow(/build_mosaic.*other inputs or parameters.*overwrite/);
    expect(hashTree(out, `${out}_cogs`)).toEqual(before);
    await expect(con.run(build(out, undefined, "'2024-06-01/2024-06-30', '2024-05-01/2024-07-31'"))).rejects.toThrow(/other inputs or parameters/);
    expect(hashTree(out, `${out}_cogs`)).toEqual(before);
    expect((await readWithZarrita(out, 'band')).data).toEqual(['B04', 'B08', 'N_VALID_PIXELS']);
  }, 120_000);

  it('lets exactly one of two runs started together write the output, whole', async () => {
    const references = { 'B04,B08': path.join(tmp.dir, 'ref-48.zarr'), 'B08,B04': path.join(tmp.dir, 'ref-84.zarr') };
    for (const [bands, out] of Object.entries(references)) expect(await runToEnd(out, bands, '32')).toBe(0);
    const out = path.join(tmp.dir, 'raced.zarr');
    const [a, b] = await Promise.all([runToEnd(out, 'B04,B08', '32'), runToEnd(out, 'B08,B04', '32')]);
    expect([a, b].sort()).toEqual([0, 1]);
    const winner = a === 0 ? 'B04,B08' : 'B08,B04';
    expect((await readWithZarrita(out, 'band')).data).toEqual([...winner.split(','), 'N_VALID_PIXELS']);
    expect((await pixelsOf(out)).equals(await pixelsOf(references[winner]))).toBe(true);
    // every file but the ledger (its markers name the output's COG urls) is the winner's alone
    const cube = (root: string) => Object.fromEntries(Object.entries(hashTree(root)).map(([k, v]) => [k.split('/').slice(1).join('/'), v]).filter(([k]) => !k.startsWith('.rasterduck/')));
    expect(cube(out)).toEqual(cube(references[winner]));
  }, 240_000);

  it('removes the temp files of a killed run when it resumes, and keeps a live writer\'s', async () => {
    const reference = path.join(tmp.dir, 'uninterrupted.zarr');
    expect(await runToEnd(reference, 'B04,B08', '16')).toBe(0);
    const out = path.join(tmp.dir, 'killed.zarr');
    const killed = await killAfterBlocks('../../mosaic/run-mosaic.ts', [manifest, out], out, 6);
    // what a kill during a shard's or a COG's write leaves: a temp file named by the dead pid
    const dead = killed.pid;
    const leftovers = [path.join(out, 'mosaic', 'c', '0', '0', `.0.${dead}.0123456789ab.tmp`), path.join(`${out}_cogs`, `.t0-b0.tif.${dead}.0123456789ab.tmp`)];
    for (const file of leftovers) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, 'partial');
    }
    const live = path.join(out, 'mosaic', 'c', '0', '0', `.1.${process.pid}.0123456789ab.tmp`);
    writeFileSync(live, 'in progress');
    expect(tempFiles(out).length + tempFiles(`${out}_cogs`).length).toBeGreaterThanOrEqual(3);

    expect(await runToEnd(out, 'B04,B08', '16')).toBe(0);
    expect(tempFiles(out)).toEqual([path.relative(out, live)]);
    expect(tempFiles(`${out}_cogs`)).toEqual([]);
    expect((await pixelsOf(out)).equals(await pixelsOf(reference))).toBe(true);
  }, 240_000);
});
