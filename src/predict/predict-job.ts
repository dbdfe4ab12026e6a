/**
 * The plan of a predict_block call: which mosaic bands and times feed the model's inputs,
 * the blocks of the output, and the parameters that decide the pixels. Plain data, so the
 * job crosses the sync bridge once; blocks then go by index.
 *
 * Band mapping: the model card lists its inputs in order (field-unet: B04, B03, B02, B08 of
 * time 0, then of time 1). By default input k reads the mosaic band named by the card's
 * `band` (or `name`) at the card's `time` (0 when absent). `bands := [...]` overrides it
 * with one entry per input, in the card's order, each `'<mosaic band>'` or
 * `'<mosaic band>@<time index>'` (0-based), e.g. `['red@0', 'green@0', ...]`.
 */
import { InputError } from '../errors.js';
import type { ModelCard } from '../model/model-card.js';
import { patchOptions } from '../model/predict-block.js';
import { blockGrid } from '../planner/block-grid.js';
import type { PixelWindow } from '../planner/tiles-for-window.js';
import type { RasterGrid } from '../zarr/geo-attributes.js';

/** What the user asked for (SQL arguments, checked). */
export interface PredictParams {
  readonly mosaic: string;
  readonly model: string;
  readonly patchSize?: number;
  readonly clipSize?: number;
  readonly batchSize: number;
  /** Names for the output classes (the card's count), or null for the card's names. */
  readonly labels: readonly string[] | null;
  readonly output: string;
  readonly blockPx: number;
  /** One `band[@time]` per model input, or null for the card's. */
  readonly bands: readonly string[] | null;
  readonly overwrite: boolean;
}

/** One model input: its band and time index in the mosaic. */
export interface InputSource {
  readonly band: number;
  /** Time index; 0 for a cube without a time axis. */
  readonly time: number;
}

/** A planned predict_block run. */
export interface PredictJob {
  readonly params: PredictParams;
  readonly card: ModelCard;
  readonly patchSize: number;
  readonly clipSize: number;
  readonly inputs: readonly InputSource[];
  readonly classes: readonly string[];
  readonly grid: RasterGrid;
  readonly chunkPx: number;
  readonly blocks: readonly PixelWindow[];
}

/** What the plan needs to know of the mosaic. */
export interface MosaicShape {
  readonly bands: readonly string[];
  readonly times: number;
  readonly grid: RasterGrid;
}

/** The id of a block in the ledger and the result rows. */
export const predictBlockId = (b: PixelWindow): string => `r${b.rowOff}-c${b.colOff}`;

/** Plans a run. Throws InputError naming the mosaic or card for a mapping or size that does not fit. */
export function planPredict(params: PredictParams, card: ModelCard, mosaic: MosaicShape): PredictJob {
  const { patchSize, clipSize } = patchOptions(card, params);
  const inputs = inputSources(params, card, mosaic);
  const classes = params.labels ?? card.output.classes;
  if (classes.length !== card.output.classes.length || new Set(classes).size !== classes.length) {
    throw new InputError({ url: card.url, reason: `labels [${classes.join(', ')}] must be ${card.output.classes.length} distinct names, one per model class (${card.output.classes.join(', ')})` });
  }
  const chunkPx = Math.min(512, params.blockPx);
  const blocks = blockGrid(mosaic.grid, { height: params.blockPx, width: params.blockPx });
  return { params, card, patchSize, clipSize, inputs, classes, grid: mosaic.grid, chunkPx, blocks };
}

function inputSources(params: PredictParams, card: ModelCard, mosaic: MosaicShape): InputSource[] {
  const wanted = card.input.bands;
  if (params.bands !== null && params.bands.length !== wanted.length) {
    throw new InputError({
      url: card.url,
      reason: `bands has ${params.bands.length} entries; the model takes ${wanted.length} inputs (${wanted.map((b) => b.name).join(', ')})`,
      hint: "Give one '<mosaic band>@<time>' per model input, in the card's order",
    });
  }
  return wanted.map((b, k) => {
    const entry = params.bands?.[k] ?? `${b.band ?? b.name}@${b.time ?? 0}`;
    const m = /^(.+?)(?:@(\d+))?$/.exec(entry.trim());
    const band = mosaic.bands.indexOf(m?.[1] ?? '');
    const time = Number(m?.[2] ?? 0);
    if (!m || band < 0) {
      throw new InputError({
        url: params.mosaic,
        reason: `model input ${b.name} needs mosaic band '${m?.[1] ?? entry}', which the mosaic does not have (it has ${mosaic.bands.join(', ')})`,
        hint: "Map the inputs with bands := ['<mosaic band>@<time>', ...], one per model input in the card's order",
      });
    }
    if (time >= Math.max(1, mosaic.times)) {
      throw new InputError({ url: params.mosaic, reason: `model input ${b.name} needs time ${time}; the mosaic has ${Math.max(1, mosaic.times)} time step(s)` });
    }
    return { band, time };
  });
}
