import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError, InputError } from '../../src/errors.js';
import type { ModelCard } from '../../src/model/model-card.js';
import type { PatchBatch } from '../../src/model/patch-model.js';
import { predictBlock } from '../../src/model/predict-block.js';
import { blockGrid } from '../../src/planner/block-grid.js';
import { planPatches } from '../../src/planner/patch-schedule.js';

const BANDS = 3;
const CLASSES = 4;

function card(kind: 'logits' | 'probabilities' = 'logits', multiple = 1): ModelCard {
  return {
    url: 'mem://fake.json',
    name: 'fake',
    model: 'fake.onnx',
    input: { bands: [0, 1, 2].map((i) => ({ name: `b${i}`, scale: 0.5 + i, offset: i - 1 })), patchMultiple: multiple },
    output: { kind, classes: ['w', 'x', 'y', 'z'] },
  };
}

/**
 * A fake model whose score for a pixel depends on the pixel's bands, its position in the
 * patch and a neighbour's value, so overlapping patches disagree and the merge matters.
 */
function fakeScore(patch: (b: number, r: number, c: number) => number, size: number, k: number, r: number, c: number): number {
  const right = c + 1 < size ? patch(0, r, c + 1) : 0;
  return Math.sin(patch(0, r, c) * (k + 1)) + 0.3 * patch(1, r, c) * k - 0.2 * patch(2, r, c) + Math.cos(0.7 * r + k) * 0.5 + 0.4 * Math.sin(c * (k + 2)) + 0.1 * right;
}

/** The fake model over a batch, as predictBlock calls it. */
function fakeModel(calls: number[] = []) {
  return (batch: PatchBatch): Float32Array => {
    calls.push(batch.count);
    const { count, bands, height: size } = batch;
    const out = new Float32Array(count * CLASSES * size * size);
    for (let n = 0; n < count; n++) {
      const at = (b: number, r: number, c: number) => batch.data[((n * bands + b) * size + r) * size + c];
      for (let k = 0; k < CLASSES; k++) for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) out[((n * CLASSES + k) * size + r) * size + c] = fakeScore(at, size, k, r, c);
    }
    return out;
  };
}

/**
 * The merge the straightforward way: its own patch origins and ramp, the fake model run
 * one patch at a time, per-pixel loops. Written from the spec, not from the code under test.
 */
function reference(data: Float32Array, height: number, width: number, patch: number, clip: number, kind: 'logits' | 'probabilities', nodata?: number): Float64Array {
  const origins = (n: number) => {
    const out: number[] = [];
    for (let o = 0; o + patch < n; o += patch - 2 * clip) out.push(o);
    out.push(Math.max(0, n - patch));
    return [...new Set(out)];
  };
  const ramp = (i: number) => Math.min(1, (Math.min(i, patch - 1 - i) + 1) / (clip + 1));
  const mirror = (i: number, n: number) => {
    if (n === 1) return 0;
    let j = i;
    while (j < 0 || j >= n) j = j < 0 ? -j : 2 * (n - 1) - j;
    return j;
  };
  const valid = (r: number, c: number) => [0, 1, 2].every((b) => Number.isFinite(data[(b * height + r) * width + c]) && data[(b * height + r) * width + c] !== nodata);
  const bands = card().input.bands;
  const sum = new Float64Array(CLASSES * height * width);
  const weight = new Float64Array(height * width);
  for (const r0 of origins(height)) {
    for (const c0 of origins(width)) {
      const at = (b: number, r: number, c: number) => {
        const rr = mirror(r0 + r, height);
        const cc = mirror(c0 + c, width);
        return valid(rr, cc) ? Math.fround(data[(b * height + rr) * width + cc] * bands[b].scale + bands[b].offset) : 0;
      };
      for (let r = 0; r < patch; r++) {
        for (let c = 0; c < patch; c++) {
          const row = r0 + r;
          const col = c0 + c;
          if (row >= height || col >= width || !valid(row, col)) continue;
          let p = [0, 1, 2, 3].map((k) => Math.fround(fakeScore(at, patch, k, r, c)));
          if (kind === 'logits') {
            const e = p.map((v) => Math.exp(v - Math.max(...p)));
            p = e.map((v) => v / e.reduce((a, b) => a + b));
          }
          const w = ramp(r) * ramp(c);
          p.forEach((v, k) => (sum[(k * height + row) * width + col] += w * v));
          weight[row * width + col] += w;
        }
      }
    }
  }
  return sum.map((v, i) => (weight[i % (height * width)] > 0 ? v / weight[i % (height * width)] : NaN));
}

function randomBlock(seed: number, height: number, width: number, holes = 0): Float32Array {
  let s = seed >>> 0 || 1;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const data = Float32Array.from({ length: BANDS * height * width }, () => next() * 4 - 1);
  for (let i = 0; i < holes; i++) data[Math.floor(next() * data.length)] = NaN;
  return data;
}

function expectClose(actual: Float32Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    if (Number.isNaN(expected[i]) !== Number.isNaN(actual[i])) throw new Error(`pixel value ${i}: expected ${expected[i]}, got ${actual[i]}`);
    if (!Number.isNaN(expected[i])) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  expect(worst).toBeLessThan(1e-5);
}

describe('predictBlock merge', () => {
  it('equals a per-pixel reference on random blocks, patch and clip sizes, batch sizes and holes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ seed: fc.nat(), height: fc.integer({ min: 1, max: 40 }), width: fc.integer({ min: 1, max: 40 }), patch: fc.integer({ min: 2, max: 16 }), batch: fc.integer({ min: 1, max: 9 }), holes: fc.nat(6) }),
        fc.double({ min: 0, max: 0.49, noNaN: true }),
        fc.constantFrom('logits' as const, 'probabilities' as const),
        async ({ seed, height, width, patch, batch, holes }, clipShare, kind) => {
          const clip = Math.floor(clipShare * patch);
          fc.pre(patch - 2 * clip > 0);
          const data = randomBlock(seed, height, width, holes);
          const out = await predictBlock(fakeModel(), card(kind), { data, bands: BANDS, height, width }, { patchSize: patch, clipSize: clip, batchSize: batch });
          expect([out.height, out.width, out.classes]).toEqual([height, width, ['w', 'x', 'y', 'z']]);
          expectClose(out.data, reference(data, height, width, patch, clip, kind));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('treats the nodata value like NaN: NaN out, and 0 into the model', async () => {
    const data = randomBlock(3, 21, 17);
    for (const i of [0, 5, 100, 300]) data[i] = -9999;
    const out = await predictBlock(fakeModel(), card(), { data, bands: BANDS, height: 21, width: 17 }, { patchSize: 8, clipSize: 2, nodata: -9999 });
    expectClose(out.data, reference(data, 21, 17, 8, 2, 'logits', -9999));
    expect(Number.isNaN(out.data[5])).toBe(true);
    expect(Number.isNaN(out.data[3 * 21 * 17 + 5])).toBe(true);
  });

  it('runs no patch without valid pixels, batches at most batchSize patches', async () => {
    const data = new Float32Array(BANDS * 40 * 40).fill(NaN);
    const calls: number[] = [];
    const empty = await predictBlock(fakeModel(calls), card(), { data, bands: BANDS, height: 40, width: 40 }, { patchSize: 8, clipSize: 1 });
    expect(calls).toEqual([]);
    expect(empty.data.every(Number.isNaN)).toBe(true);
    data[0] = data[1600] = data[3200] = 1; // one valid pixel, at the top-left corner: one patch
    await predictBlock(fakeModel(calls), card(), { data, bands: BANDS, height: 40, width: 40 }, { patchSize: 8, clipSize: 1 });
    expect(calls).toEqual([1]);
    calls.length = 0;
    await predictBlock(fakeModel(calls), card(), { data: randomBlock(1, 40, 40), bands: BANDS, height: 40, width: 40 }, { patchSize: 8, clipSize: 1, batchSize: 10 });
    expect(calls).toEqual([10, 10, 10, 10, 9]); // 7 x 7 patches: origins 0, 6, ..., 30 and the shifted 32
  });

  it('gives a block predicted on its own the values of the whole raster on its pixels', async () => {
    const height = 70;
    const width = 53;
    const opts = { patchSize: 16, clipSize: 4 };
    const data = randomBlock(11, height, width, 5);
    const whole = await predictBlock(fakeModel(), card(), { data, bands: BANDS, height, width }, opts);
    for (const target of blockGrid({ height, width }, { height: 24, width: 20 })) {
      const schedule = planPatches({ height, width }, opts, target);
      const w = schedule.window;
      const sub = new Float32Array(BANDS * w.height * w.width);
      for (let b = 0; b < BANDS; b++) for (let r = 0; r < w.height; r++) sub.set(data.subarray((b * height + w.rowOff + r) * width + w.colOff, (b * height + w.rowOff + r) * width + w.colOff + w.width), (b * w.height + r) * w.width);
      const part = await predictBlock(fakeModel(), card(), { data: sub, bands: BANDS, height: w.height, width: w.width }, { ...opts, schedule });
      for (let k = 0; k < CLASSES; k++) {
        for (let r = target.rowOff; r < target.rowOff + target.height; r++) {
          for (let c = target.colOff; c < target.colOff + target.width; c++) {
            const a = whole.data[(k * height + r) * width + c];
            const b = part.data[(k * w.height + r - w.rowOff) * w.width + c - w.colOff];
            if (!Object.is(a, b)) throw new Error(`class ${k} pixel (${r}, ${c}) of block ${JSON.stringify(target)}: ${a} != ${b}`);
          }
        }
      }
    }
  });
});

describe('predictBlock errors', () => {
  const block = { data: randomBlock(1, 16, 16), bands: BANDS, height: 16, width: 16 };

  it('refuses a patch size that is not a multiple of the card\'s patch_multiple, naming the card', async () => {
    await expect(predictBlock(fakeModel(), card('logits', 32), block, { patchSize: 48, clipSize: 4 })).rejects.toThrow(
      new InputError({ url: 'mem://fake.json', reason: 'patch_size 48 is not a positive multiple of 32, which the model card requires', hint: 'Use e.g. 64' }).message,
    );
  });

  it('refuses a clip size that leaves no stride, a band count the card does not take, and a short buffer', async () => {
    await expect(predictBlock(fakeModel(), card(), block, { patchSize: 8, clipSize: 4 })).rejects.toThrow(/clip_size 4 must be an integer from 0 to 3/);
    await expect(predictBlock(fakeModel(), card(), { ...block, bands: 2, data: block.data.subarray(0, 512) }, {})).rejects.toThrow(/the block has 2 bands; the model takes 3 \(b0, b1, b2\)/);
    await expect(predictBlock(fakeModel(), card(), { ...block, data: block.data.subarray(1) }, {})).rejects.toThrow(InputError);
  });

  it('reports a model whose output does not match the card\'s classes as a FormatError', async () => {
    const wrong = (b: PatchBatch) => new Float32Array(b.count * 2 * b.height * b.width);
    const err = await predictBlock({ url: 'file:///m.onnx', run: async (b) => wrong(b) }, card(), block, { patchSize: 8, clipSize: 2, batchSize: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(/^\(file:\/\/\/m\.onnx\): the model returned 256 values for 2 patches of 8x8; the card's 4 classes need 512/);
  });
});
