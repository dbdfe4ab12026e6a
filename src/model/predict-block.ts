/**
 * Runs a segmentation model over one block in overlapping patches and merges them into
 * per-class probabilities: the core of predict_block. Memory is bounded by the block (the
 * output, one weight per pixel, one validity byte per pixel) plus one batch of patches in
 * and out, whatever the number of patches.
 *
 * Nodata: a pixel is invalid when any band is NaN or equals `nodata`. Invalid pixels enter
 * the model as 0 after normalisation, and their output is NaN for every class, so a
 * threshold (NaN > t is false) never turns missing data into fields. Patches without a
 * single valid pixel are not run at all.
 */
import { FormatError, InputError } from '../errors.js';
import { edgeRamp, planPatches, type PatchSchedule } from '../planner/patch-schedule.js';
import type { ModelCard } from './model-card.js';
import { runPatches, type PatchModel } from './patch-model.js';
import { patchHasData, validPixels, writePatch, type BlockPixels } from './patch-batch.js';
import { PatchMerger } from './patch-merge.js';

/** Options for {@link predictBlock}; sizes in pixels. */
export interface PredictOptions {
  /** Patch side; a multiple of the card's patch_multiple. Default: the card's patch_size, else 256. */
  readonly patchSize?: number;
  /** Margin down-weighted on each patch side. Default: the card's clip_size, else 32 (FTW, RasterFlow). */
  readonly clipSize?: number;
  /** Patches per model call; memory grows with it. Default 16. */
  readonly batchSize?: number;
  /** A value that marks missing pixels, besides NaN. */
  readonly nodata?: number;
  /**
   * Patches to run, when the block is one window of a larger raster: from planPatches(raster,
   * options, target), whose `window` the block's pixels must be. Default: the block on its own.
   */
  readonly schedule?: PatchSchedule;
  /** Called after each batch with patches done and the total, for progress reports. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Merged per-class probabilities over a block: (classes, height, width) row-major. */
export interface ClassProbabilities {
  readonly data: Float32Array;
  readonly classes: readonly string[];
  readonly height: number;
  readonly width: number;
}

/**
 * Predicts `block` (its bands in the card's order, raw values: the card's normalisation is
 * applied here) and returns the weighted average of the overlapping patches' class
 * probabilities. Throws InputError for options or a block that do not fit the card, and
 * FormatError when the model fails or returns a tensor of the wrong size.
 */
export async function predictBlock(model: PatchModel, card: ModelCard, block: BlockPixels, options: PredictOptions = {}): Promise<ClassProbabilities> {
  const { schedule, batchSize } = checkRequest(card, block, options);
  const { patchSize: size, window } = schedule;
  const patchValues = card.input.bands.length * size * size;
  const { mask } = validPixels(block, options.nodata);
  const merger = new PatchMerger(card.output.classes.length, block.height, block.width, mask, card.output.kind, edgeRamp(schedule));
  // block-local origins of the patches with data; the others would only produce NaN
  const todo = schedule.patches
    .map((p) => ({ row: p.row - window.rowOff, col: p.col - window.colOff }))
    .filter((p) => patchHasData(mask, block.height, block.width, p.row, p.col, size));
  const input = new Float32Array(Math.min(batchSize, todo.length) * patchValues);
  for (let start = 0; start < todo.length; start += batchSize) {
    const batch = todo.slice(start, start + batchSize);
    batch.forEach((p, i) => writePatch(block, mask, card.input.bands, p.row, p.col, size, input, i * patchValues));
    const scores = await scoreBatch(model, card, input.subarray(0, batch.length * patchValues), batch.length, size);
    batch.forEach((p, i) => merger.add(scores, i * merger.classes * size * size, p.row, p.col));
    options.onProgress?.(Math.min(start + batchSize, todo.length), todo.length);
  }
  return { data: merger.finish(), classes: card.output.classes, height: block.height, width: block.width };
}

/** Runs one batch and checks the output's size against the card. Throws FormatError naming the model. */
async function scoreBatch(model: PatchModel, card: ModelCard, data: Float32Array, count: number, size: number): Promise<Float32Array> {
  const scores = await runPatches(model, { data, count, bands: card.input.bands.length, height: size, width: size });
  const want = count * card.output.classes.length * size * size;
  if (scores.length !== want) {
    const url = typeof model === 'function' ? card.url : (model.url ?? card.url);
    throw new FormatError({
      url,
      reason: `the model returned ${scores.length} values for ${count} patches of ${size}x${size}; the card's ${card.output.classes.length} classes need ${want}`,
      hint: "The card's output.classes must match the model's output channels",
    });
  }
  return scores;
}

/** The schedule and batch size of a request, checked against the card. Throws InputError. */
function checkRequest(card: ModelCard, block: BlockPixels, options: PredictOptions): { schedule: PatchSchedule; batchSize: number } {
  checkBlock(card, block);
  const schedule = options.schedule ?? planPatches({ height: block.height, width: block.width }, patchOptions(card, options));
  if (schedule.window.height !== block.height || schedule.window.width !== block.width) {
    throw new InputError({ url: card.url, reason: `the block is ${block.height}x${block.width} but the patch schedule reads a ${schedule.window.height}x${schedule.window.width} window` });
  }
  patchOptions(card, schedule);
  const batchSize = options.batchSize ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError({ url: card.url, reason: `batch_size must be a positive integer, got ${batchSize}` });
  return { schedule, batchSize };
}

/** The patch and clip sizes for a card: the options', else the card's, else FTW's 256 and 32. */
export function patchOptions(card: ModelCard, options: Pick<PredictOptions, 'patchSize' | 'clipSize'>): { patchSize: number; clipSize: number } {
  const patchSize = options.patchSize ?? card.input.patchSize ?? 256;
  const clipSize = options.clipSize ?? card.input.clipSize ?? 32;
  const multiple = card.input.patchMultiple;
  if (!Number.isInteger(patchSize) || patchSize < 1 || patchSize % multiple !== 0) {
    throw new InputError({ url: card.url, reason: `patch_size ${patchSize} is not a positive multiple of ${multiple}, which the model card requires`, hint: `Use e.g. ${Math.max(1, Math.round(Number(patchSize) / multiple)) * multiple}` });
  }
  if (!Number.isInteger(clipSize) || clipSize < 0 || 2 * clipSize >= patchSize) {
    throw new InputError({ url: card.url, reason: `clip_size ${clipSize} must be an integer from 0 to ${Math.ceil(patchSize / 2) - 1} for patch_size ${patchSize}`, hint: 'The stride patch_size - 2 * clip_size must be positive' });
  }
  return { patchSize, clipSize };
}

function checkBlock(card: ModelCard, block: BlockPixels): void {
  const { bands, height, width, data } = block;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new InputError({ url: card.url, reason: `the block must be at least 1x1 pixels, got ${height}x${width}` });
  }
  if (bands !== card.input.bands.length) {
    throw new InputError({ url: card.url, reason: `the block has ${bands} bands; the model takes ${card.input.bands.length} (${card.input.bands.map((b) => b.name).join(', ')})` });
  }
  if (data.length !== bands * height * width) {
    throw new InputError({ url: card.url, reason: `the block's data holds ${data.length} values, not bands x height x width = ${bands}x${height}x${width}` });
  }
}
