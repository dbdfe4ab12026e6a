/**
 * A predict_block that is refused (other labels) changes no byte of the output it
 * refuses, so vectorize still finds the output's classes; two runs with other labels
 * started together leave the output of exactly one of them, which vectorize then reads.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../zarr/helpers/child.js';
import { hashTree } from '../zarr/helpers/tree-hash.js';
import { readWithZarrita, tempDir } from '../zarr/helpers/zarrita-read.js';
import { connect, MODEL, writeMosaic } from './fixture.js';

const tmp = tempDir('predict-claim');
let mosaic: string;

const predict = (out: string, labels = '') =>
  `SELECT * FROM predict_block('${mosaic}', model := '${MODEL}', patch_size := 64, clip_size := 8, block_size := 64,
    output := '${out}'${labels === '' ? '' : `, labels := [${labels}]`})`;

const fields = async (out: string, label: string): Promise<number> => {
  const con = await connect();
  const rows = (await con.runAndReadAll(`SELECT count(*) AS n FROM vectorize('${out}', threshold := 0.5, class := '${label}')`)).getRowObjectsJS();
  return Number(rows[0].n);
};

beforeAll(async () => {
  mosaic = path.join(tmp.dir, 'mosaic.zarr');
  await writeMosaic(mosaic, 120, 100);
}, 60_000);
afterAll(() => tmp.cleanup());

describe('predict_block claims its output', () => {
  it('leaves every byte of a finished output as it was when it refuses other labels', async () => {
    const con = await connect();
    const out = path.join(tmp.dir, 'finished.zarr');
    await con.run(predict(out));
    const before = hashTree(out);
    expect(Object.keys(before).length).toBeGreaterThan(10);
    await expect(con.run(predict(out, "'background', 'crop', 'edge'"))).rejects.toThrow(/predict_block.*other inputs or parameters.*overwrite/);
    expect(hashTree(out)).toEqual(before);
    expect((await readWithZarrita(out, 'class')).data).toEqual(['non_field_background', 'field', 'field_boundaries']);
    expect(await fields(out, 'field')).toBeGreaterThan(0);
  }, 120_000);

  it('lets exactly one of two runs with other labels started together write the output, and vectorize reads it', async () => {
    const out = path.join(tmp.dir, 'raced.zarr');
    const jobs = ['non_field_background,field,field_boundaries', 'background,crop,edge'];
    const exits = await Promise.all(jobs.map((labels) => runScript('../../predict/run-predict.ts', [mosaic, out, labels, '64']).exited));
    expect([...exits].sort()).toEqual([0, 1]);
    const winner = jobs[exits.indexOf(0)].split(',');
    expect((await readWithZarrita(out, 'class')).data).toEqual(winner);
    expect(await fields(out, winner[1])).toBeGreaterThan(0);
  }, 180_000);
});
