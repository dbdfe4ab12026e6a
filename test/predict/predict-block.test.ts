/**
 * predict_block: blocks predicted with their halo equal the whole mosaic predicted at once
 * (seamless), the output cube reads back in zarrita with the mosaic's grid, a killed run
 * resumes without redoing finished blocks, and a bad model path names the file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import { predictBlock } from '../../src/model/predict-block.js';
import { runScript } from '../zarr/helpers/child.js';
import { expectResumed, killAfterBlocks } from '../zarr/helpers/kill-resume.js';
import { readWithZarrita, tempDir } from '../zarr/helpers/zarrita-read.js';
import { connect, MODEL, TRANSFORM, writeMosaic } from './fixture.js';

const tmp = tempDir('predict');
const W = 200;
const H = 150;
let mosaic: string;
let data: Float32Array;

beforeAll(async () => {
  mosaic = path.join(tmp.dir, 'mosaic.zarr');
  data = await writeMosaic(mosaic, W, H);
}, 60_000);
afterAll(() => tmp.cleanup());


describe('predict_block', () => {
  it('writes blocks that join without seams: equal to predicting the whole mosaic at once', async () => {
    const out = path.join(tmp.dir, 'blocks.zarr');
    const con = await connect();
    const rows = (await con.runAndReadAll(`SELECT * FROM predict_block('${mosaic}', model := '${MODEL}', patch_size := 64, clip_size := 8,
      batch_size := 4, block_size := 64, output := '${out}')`)).getRowObjectsJS();
    expect(rows.length).toBe(4 * 3);
    expect(rows.every((r) => r.status === 'written')).toBe(true);

    // the whole mosaic in one block: the model's 8 inputs, card order (B04,B03,B02,B08 x 2 seasons)
    const n = W * H;
    const input = new Float32Array(8 * n);
    for (let t = 0; t < 2; t++) for (let b = 0; b < 4; b++) input.set(data.subarray((t * 5 + b) * n, (t * 5 + b + 1) * n), (t * 4 + b) * n);
    const { card, session } = await loadModel(MODEL);
    const whole = await predictBlock(session, card, { data: input, bands: 8, height: H, width: W }, { patchSize: 64, clipSize: 8, batchSize: 16 });

    const got = await readWithZarrita(out, 'probabilities');
    expect(got.shape).toEqual([3, H, W]);
    expect(got.dims).toEqual(['class', 'y', 'x']);
    expect(got.attrs['proj:code']).toBe('EPSG:32633');
    expect(got.attrs['spatial:transform']).toEqual([TRANSFORM.a, 0, TRANSFORM.c, 0, TRANSFORM.e, TRANSFORM.f]);
    const probs = got.data as Float32Array;
    let maxDiff = 0;
    let nanMismatch = 0;
    for (let i = 0; i < probs.length; i++) {
      if (Number.isNaN(probs[i]) !== Number.isNaN(whole.data[i])) nanMismatch++;
      else if (!Number.isNaN(probs[i])) maxDiff = Math.max(maxDiff, Math.abs(probs[i] - whole.data[i]));
    }
    expect(nanMismatch).toBe(0);
    expect(Number.isNaN(probs[0])).toBe(true); // the nodata corner stays NaN
    // batches of other sizes may round differently in onnxruntime; the merge itself is exact
    expect(maxDiff).toBeLessThan(1e-5);
    // the model sees fields: a good share of pixels is most likely 'field'
    let fields = 0;
    for (let i = 0; i < n; i++) if (probs[n + i] > 0.5) fields++;
    expect(fields / n).toBeGreaterThan(0.2);
  }, 120_000);

  it('plans without running: dry_run gives patches, read window and memory per block', async () => {
    const con = await connect();
    const plan = (await con.runAndReadAll(`SELECT * FROM predict_block('${mosaic}', model := '${MODEL}', patch_size := 64, clip_size := 8,
      block_size := 64, dry_run := true)`)).getRowObjectsJS();
    expect(plan.length).toBe(12);
    expect(plan[0]).toMatchObject({ block_id: 'r0-c0', blocks: 12, read_window: '112x112+0+0' });
    expect(plan.every((r) => Number(r.memory_bytes) > Number(r.bytes_to_read) && Number(r.patches) > 0)).toBe(true);
  });

  it('fails at bind with the missing model file named', async () => {
    const con = await connect();
    const missing = path.join(tmp.dir, 'nope', 'missing.onnx');
    await expect(con.run(`SELECT * FROM predict_block('${mosaic}', model := '${missing}', output := '${tmp.dir}/x.zarr')`))
      .rejects.toThrow(/predict_block.*missing\.json.*model card not found for .*missing\.onnx/);
    await expect(con.run(`SELECT * FROM predict_block('${tmp.dir}/no-mosaic.zarr', model := '${MODEL}', output := '${tmp.dir}/x.zarr')`))
      .rejects.toThrow(/no-mosaic\.zarr.*no Zarr array here/);
    await expect(con.run(`SELECT * FROM predict_block('${mosaic}', model := '${MODEL}', bands := ['B04'], output := '${tmp.dir}/x.zarr')`))
      .rejects.toThrow(/bands has 1 entries; the model takes 8 inputs/);
    expect(existsSync(path.join(tmp.dir, 'x.zarr'))).toBe(false);
  });

  it('resumes a killed run without redoing finished blocks, ending with the same cube', async () => {
    const reference = path.join(tmp.dir, 'reference.zarr');
    const full = runScript('../../predict/run-predict.ts', [mosaic, reference]);
    expect(await full.exited).toBe(0);
    const all = full.lines.slice(0, -1);
    expect(all.length).toBe(13 * 10);

    const out = path.join(tmp.dir, 'killed.zarr');
    const killed = await killAfterBlocks('../../predict/run-predict.ts', [mosaic, out], out);
    expect(killed.done.length).toBeLessThan(all.length);

    const second = runScript('../../predict/run-predict.ts', [mosaic, out]);
    expect(await second.exited).toBe(0);
    expectResumed(killed, second.lines, out);
    const [want, got] = [await readWithZarrita(reference, 'probabilities'), await readWithZarrita(out, 'probabilities')];
    expect(Buffer.from((got.data as Float32Array).buffer).equals(Buffer.from((want.data as Float32Array).buffer))).toBe(true);
  }, 240_000);
});
