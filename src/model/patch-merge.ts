/**
 * Merges overlapping patch predictions into one probability raster by weighted average
 * (RasterFlow's WEIGHTED_AVERAGE), with the ramp weights of src/planner/patch-schedule.ts.
 * Scores are turned into probabilities (softmax over classes for logits) before they are
 * averaged: averaging logits would let one confident patch outvote its neighbours.
 */
import type { OutputKind } from './model-card.js';

/** Accumulates weighted class probabilities over a block; memory is the output plus one float per pixel. */
export class PatchMerger {
  private readonly sum: Float32Array;
  private readonly weight: Float32Array;
  private readonly plane: number;
  private readonly probs: Float32Array;

  constructor(
    readonly classes: number,
    readonly height: number,
    readonly width: number,
    private readonly valid: Uint8Array,
    private readonly kind: OutputKind,
    private readonly ramp: Float32Array,
  ) {
    this.plane = height * width;
    this.sum = new Float32Array(classes * this.plane);
    this.weight = new Float32Array(this.plane);
    this.probs = new Float32Array(classes);
  }

  /**
   * Adds one patch's scores, (classes, size, size) at `offset` in `scores`, whose top-left
   * pixel is (`row`, `col`) of the block; pixels beyond the block or invalid are skipped.
   */
  add(scores: Float32Array, offset: number, row: number, col: number): void {
    const size = this.ramp.length;
    const area = size * size;
    // locals, not this.x, in the hot loop: V8 keeps them in registers
    const { classes, width, plane, probs, ramp, sum, weight, valid } = this;
    const logits = this.kind === 'logits';
    const r0 = Math.max(0, -row);
    const r1 = Math.min(size, this.height - row);
    const c0 = Math.max(0, -col);
    const c1 = Math.min(size, width - col);
    for (let r = r0; r < r1; r++) {
      const wr = ramp[r];
      const rowStart = (row + r) * width + col;
      for (let c = c0; c < c1; c++) {
        const px = rowStart + c;
        if (!valid[px]) continue;
        const src = offset + r * size + c;
        for (let k = 0; k < classes; k++) probs[k] = scores[src + k * area];
        if (logits) softmaxInPlace(probs);
        const w = wr * ramp[c];
        for (let k = 0; k < classes; k++) sum[k * plane + px] += w * probs[k];
        weight[px] += w;
      }
    }
  }

  /**
   * The merged probabilities, (classes, height, width): the weighted mean over the patches
   * that covered each pixel; NaN for invalid pixels and pixels no patch covered.
   */
  finish(): Float32Array {
    const { sum, weight, plane, classes } = this;
    for (let px = 0; px < plane; px++) weight[px] = weight[px] > 0 ? 1 / weight[px] : NaN;
    for (let k = 0; k < classes; k++) {
      const band = sum.subarray(k * plane, (k + 1) * plane);
      for (let px = 0; px < plane; px++) band[px] *= weight[px];
    }
    return sum;
  }
}

/**
 * Softmax over a short vector, shifted by its largest entry so large logits do not
 * overflow; that entry's exponential is 1 and is not computed (Math.exp dominates the merge).
 */
export function softmaxInPlace(v: Float32Array): void {
  let top = 0;
  for (let k = 1; k < v.length; k++) if (v[k] > v[top]) top = k;
  const max = v[top];
  let total = 1;
  for (let k = 0; k < v.length; k++) {
    if (k === top) continue;
    v[k] = Math.exp(v[k] - max);
    total += v[k];
  }
  v[top] = 1;
  const inv = 1 / total;
  for (let k = 0; k < v.length; k++) v[k] *= inv;
}
