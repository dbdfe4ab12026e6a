/**
 * The shipped field-unet through onnxruntime-node on a synthetic scene from the training
 * generator (a seed the training never used), scored against the scene's own truth.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, type LoadedModel } from '../../src/model/load-model.js';
import { predictBlock } from '../../src/model/predict-block.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SIZE = 320;
const dir = mkdtempSync(join(tmpdir(), 'rasterduck-scene-'));
let model: LoadedModel;
let scene: Float32Array;
let truth: Uint8Array;

beforeAll(async () => {
  // numpy only; /usr/bin/python3 is the one global-setup checked for numpy
  execFileSync('/usr/bin/python3', [join(ROOT, 'models/train/synth_fields.py'), '--size', String(SIZE), '--seed', '90210', '--no-clouds', '--out', dir]);
  const bytes = readFileSync(join(dir, 'scene.f32'));
  scene = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  truth = new Uint8Array(readFileSync(join(dir, 'label.u8')));
  model = await loadModel(join(ROOT, 'models/field-unet.onnx'), { threads: 2 });
});
afterAll(async () => {
  await model?.session.release();
  rmSync(dir, { recursive: true, force: true });
});

/** Intersection over union of `cls` between two label rasters. */
function iou(pred: Uint8Array, want: Uint8Array, cls: (v: number) => boolean): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < pred.length; i++) {
    const a = cls(pred[i]);
    const b = cls(want[i]);
    if (a && b) inter++;
    if (a || b) union++;
  }
  return inter / union;
}

describe('field-unet through onnxruntime', () => {
  it('finds the synthetic fields: probabilities sum to 1 and argmax matches the truth', async () => {
    const block = { data: scene, bands: 8, height: SIZE, width: SIZE };
    const out = await predictBlock(model.session, model.card, block, { patchSize: 128, clipSize: 16, batchSize: 4 });
    const plane = SIZE * SIZE;
    const pred = new Uint8Array(plane);
    let worstSum = 0;
    for (let i = 0; i < plane; i++) {
      const p = [0, 1, 2].map((k) => out.data[k * plane + i]);
      worstSum = Math.max(worstSum, Math.abs(p[0] + p[1] + p[2] - 1));
      pred[i] = p.indexOf(Math.max(...p));
    }
    expect(worstSum).toBeLessThan(1e-4);
    // thresholds sit well below what training reports on its validation split (models/field-unet.json)
    expect(iou(pred, truth, (v) => v > 0)).toBeGreaterThan(0.8); // field extent: field or boundary
    expect(iou(pred, truth, (v) => v === 1)).toBeGreaterThan(0.6);
    expect(iou(pred, truth, (v) => v === 0)).toBeGreaterThan(0.6);
  });

  it('gives the same probabilities whatever the batch size, partial last batches included', async () => {
    const block = { data: scene, bands: 8, height: SIZE, width: SIZE };
    const runs = [];
    for (const batchSize of [1, 4, 9]) runs.push(await predictBlock(model.session, model.card, block, { patchSize: 128, clipSize: 16, batchSize }));
    // onnxruntime computes each sample of a batch alone, so only float rounding may differ
    for (const other of runs.slice(1)) {
      let worst = 0;
      for (let i = 0; i < other.data.length; i++) worst = Math.max(worst, Math.abs(other.data[i] - runs[0].data[i]));
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('gives NaN where the input is missing and the same values elsewhere as far from the hole', async () => {
    const holed = scene.slice();
    const plane = SIZE * SIZE;
    for (let r = 100; r < 140; r++) for (let c = 100; c < 140; c++) holed[3 * plane + r * SIZE + c] = NaN;
    const out = await predictBlock(model.session, model.card, { data: holed, bands: 8, height: SIZE, width: SIZE }, { patchSize: 128, clipSize: 16 });
    const full = await predictBlock(model.session, model.card, { data: scene, bands: 8, height: SIZE, width: SIZE }, { patchSize: 128, clipSize: 16 });
    expect(Number.isNaN(out.data[120 * SIZE + 120])).toBe(true);
    expect(Number.isNaN(out.data[2 * plane + 139 * SIZE + 139])).toBe(true);
    // (300, 300) lies in patches that do not reach the hole: identical
    expect(out.data[plane + 300 * SIZE + 300]).toBe(full.data[plane + 300 * SIZE + 300]);
  });
});
