/**
 * A predict_block run in the bridge worker: the mosaic (read block by block), the model
 * session, the output cube (class, y, x) and its block ledger. Each block reads the
 * window its patches need (the block plus a halo from the whole mosaic's patch grid, so
 * blocks join without seams: see planPatches), predicts, keeps the block's own pixels,
 * writes its shards atomically, then its ledger marker. A killed run restarts with the
 * blocks that have no marker.
 */
import { createHash } from 'node:crypto';
import type { LoadedModel } from '../model/load-model.js';
import { predictBlock } from '../model/predict-block.js';
import { planPatches, type PatchSchedule } from '../planner/patch-schedule.js';
import type { PixelWindow } from '../planner/tiles-for-window.js';
import { ProgressLine } from '../progress-line.js';
import type { ArrayWriter } from '../zarr/array-writer.js';
import { LEDGER_PREFIX, type BlockLedger } from '../zarr/block-ledger.js';
import { claimCubeOutput } from '../zarr/cube-output.js';
import { FileSystemStore } from '../zarr/fs-store.js';
import { openRasterCube, type RasterCubeInput } from '../zarr/raster-cube-reader.js';
import { getJson } from '../zarr/store.js';
import { predictBlockId, type PredictJob } from './predict-job.js';

/** The data array of a prediction cube. */
export const PREDICTION_ARRAY = 'probabilities';

/** One row of predict_block's result. */
export interface PredictRow {
  readonly blockId: string;
  /** 'written', 'empty' (no valid mosaic pixel: nothing stored) or 'skipped (done)'. */
  readonly status: string;
  readonly rowOff: number;
  readonly colOff: number;
  readonly height: number;
  readonly width: number;
  /** Patches the model ran for this block (halo included); null when skipped. */
  readonly patches: number | null;
  readonly seconds: number;
}

/** The patches block `b` needs and the mosaic window they read. */
export function blockSchedule(job: PredictJob, b: PixelWindow): PatchSchedule {
  return planPatches(job.grid, { patchSize: job.patchSize, clipSize: job.clipSize }, b);
}

function fingerprintOf(job: PredictJob, mosaicMeta: unknown): string {
  const { output: _o, overwrite: _w, batchSize: _b, ...params } = job.params;
  return createHash('sha256').update(JSON.stringify({ params, card: job.card, patch: [job.patchSize, job.clipSize], inputs: job.inputs, classes: job.classes, mosaicMeta })).digest('hex');
}

/** The open output of one predict_block call. */
export class PredictRun {
  private readonly mosaic: RasterCubeInput;
  private readonly writer: ArrayWriter;
  private readonly ledger: BlockLedger;
  private readonly progress: ProgressLine;
  private readonly started = Date.now();
  private finished = 0;

  constructor(readonly job: PredictJob, private readonly model: LoadedModel, showProgress: boolean) {
    const { params, grid, chunkPx, classes } = job;
    this.mosaic = openRasterCube(params.mosaic);
    const meta = getJson(this.mosaic.store, `${this.mosaic.data.path}/zarr.json`);
    const output = claimCubeOutput(new FileSystemStore(params.output), {
      name: PREDICTION_ARRAY, dtype: 'float32', fillValue: NaN, grid, bands: classes, bandDim: 'class',
      chunkPx: [chunkPx, chunkPx], shardPx: [params.blockPx, params.blockPx],
      attributes: { rasterduck_prediction: { model: params.model, model_name: job.card.name, patch_size: job.patchSize, clip_size: job.clipSize, merge: 'weighted_average' } },
    }, { fingerprint: fingerprintOf(job, meta), overwrite: params.overwrite });
    [this.writer, this.ledger] = [output.writer, output.ledger];
    this.progress = new ProgressLine(showProgress);
  }

  /** Predicts block `index` unless the ledger has it; returns its row. */
  async runBlock(index: number): Promise<PredictRow> {
    const t0 = Date.now();
    const b = this.job.blocks[index];
    const id = predictBlockId(b);
    const base = { blockId: id, rowOff: b.rowOff, colOff: b.colOff, height: b.height, width: b.width };
    let row: PredictRow;
    if (this.ledger.isDone(id)) {
      const info = (getJson(this.writer.store, `${LEDGER_PREFIX}/blocks/${id}.done`) ?? {}) as { patches?: number };
      row = { ...base, status: 'skipped (done)', patches: info.patches ?? null, seconds: 0 };
    } else {
      const { status, patches } = await this.predict(b);
      this.ledger.markDone(id, { status, patches });
      row = { ...base, status, patches, seconds: (Date.now() - t0) / 1000 };
    }
    this.finished++;
    this.showProgress();
    return row;
  }

  private showProgress(): void {
    const total = this.job.blocks.length;
    const rate = this.finished / Math.max((Date.now() - this.started) / 1000, 1e-3);
    const eta = rate > 0 ? Math.round((total - this.finished) / rate) : 0;
    this.progress.update(`predict_block: ${this.finished}/${total} blocks, ${rate.toFixed(2)} blocks/s, ETA ${eta}s`, this.finished === total);
    if (this.finished === total) this.progress.clear();
  }

  private async predict(b: PixelWindow): Promise<{ status: string; patches: number }> {
    const { job } = this;
    const schedule = blockSchedule(job, b);
    const w = schedule.window;
    const n = w.height * w.width;
    const data = new Float32Array(job.inputs.length * n);
    job.inputs.forEach((src, k) => data.set(this.readPlane(src.time, src.band, w), k * n));
    const probs = await predictBlock(this.model.session, this.model.card, { data, bands: job.inputs.length, height: w.height, width: w.width }, {
      schedule, batchSize: job.params.batchSize,
    });
    // keep the block's own pixels of the window
    const classes = job.classes.length;
    const out = new Float32Array(classes * b.height * b.width);
    let valid = 0;
    for (let c = 0; c < classes; c++) {
      for (let r = 0; r < b.height; r++) {
        const from = c * n + (b.rowOff - w.rowOff + r) * w.width + (b.colOff - w.colOff);
        out.set(probs.data.subarray(from, from + b.width), (c * b.height + r) * b.width);
      }
    }
    for (let i = 0; i < b.height * b.width; i++) if (out[i] === out[i]) valid++;
    this.writer.writeRegion({ start: [0, b.rowOff, b.colOff], shape: [classes, b.height, b.width], data: out });
    return { status: valid > 0 ? 'written' : 'empty', patches: schedule.patches.length };
  }

  private readPlane(time: number, band: number, w: PixelWindow): Float32Array {
    const lead = this.mosaic.times > 0 ? [time, band] : [band];
    return this.mosaic.data.read({ start: [...lead, w.rowOff, w.colOff], shape: [...lead.map(() => 1), w.height, w.width] }) as Float32Array;
  }
}
