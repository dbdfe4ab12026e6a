/**
 * predict_block: runs a segmentation model over a mosaic cube block by block and writes
 * per-class probabilities to a Zarr v3 cube (class, y, x), resumable. Arguments are checked
 * and the run planned in bind (the card and the mosaic's metadata are read there, so a bad
 * model path fails before any work); each scan call predicts one block in the bridge
 * worker (src/predict/predict-run.ts) and returns its row.
 */
import { BIGINT, BOOLEAN, DOUBLE, INTEGER, LIST, VARCHAR, type DuckDBType } from '../duckdb.js';
import { InputError, asRasterduckError } from '../errors.js';
import { runSync } from '../bridge/sync-bridge.js';
import { blockSchedule, type PredictRow } from '../predict/predict-run.js';
import { predictBlockId, type PredictJob, type PredictParams } from '../predict/predict-job.js';
import type { PredictOpenArgs } from '../predict/predict-ops.js';
import { table, type Column, type FunctionDef, type JsValue, type RowSource } from './define.js';

const NAMED: Readonly<Record<string, DuckDBType>> = {
  model: VARCHAR, patch_size: INTEGER, clip_size: INTEGER, batch_size: INTEGER, labels: LIST(VARCHAR), output: VARCHAR,
  block_size: INTEGER, bands: LIST(VARCHAR), overwrite: BOOLEAN, dry_run: BOOLEAN,
};

const RUN_COLUMNS: readonly Column[] = [
  { name: 'block_id', type: VARCHAR }, { name: 'status', type: VARCHAR }, { name: 'row_off', type: INTEGER }, { name: 'col_off', type: INTEGER },
  { name: 'height', type: INTEGER }, { name: 'width', type: INTEGER }, { name: 'patches', type: INTEGER }, { name: 'seconds', type: DOUBLE },
];
const PLAN_COLUMNS: readonly Column[] = [
  { name: 'block_id', type: VARCHAR }, { name: 'blocks', type: INTEGER }, { name: 'patches', type: INTEGER },
  { name: 'read_window', type: VARCHAR }, { name: 'bytes_to_read', type: BIGINT }, { name: 'memory_bytes', type: BIGINT },
];

interface State {
  readonly job: PredictJob;
  readonly dryRun: boolean;
}

const DEFAULT_BLOCK_PX = 1024;

function blockSizeOf(v: JsValue): number {
  const n = v === undefined || v === null ? DEFAULT_BLOCK_PX : Number(v);
  if (!Number.isInteger(n) || n < 16 || n > 16384 || (n > 512 && n % 512 !== 0)) {
    throw new InputError({ reason: `block_size ${String(v)} must be an integer from 16 to 16384, a multiple of 512 above 512 (chunks are 512 px)` });
  }
  return n;
}

function paramsOf(mosaic: JsValue, named: Readonly<Record<string, JsValue>>): PredictParams {
  if (typeof mosaic !== 'string' || mosaic === '') throw new InputError({ reason: 'mosaic must name a Zarr cube folder written by build_mosaic', hint: "e.g. predict_block('mosaic.zarr', model := 'models/field-unet.onnx', output := 'prediction.zarr')" });
  const model = named.model as string | undefined;
  if (!model) throw new InputError({ reason: 'model is required', hint: "Pass model := 'models/field-unet.onnx' (its card field-unet.json beside it)" });
  const output = named.output as string | undefined;
  if (!output && named.dry_run !== true) throw new InputError({ reason: 'output is required', hint: "Pass output := 'prediction.zarr'" });
  const batchSize = (named.batch_size as number | undefined) ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError({ reason: `batch_size ${batchSize} must be a positive integer` });
  const opt = (v: JsValue): number | undefined => (v === undefined || v === null ? undefined : Number(v));
  return {
    mosaic, model, patchSize: opt(named.patch_size), clipSize: opt(named.clip_size), batchSize,
    labels: (named.labels as string[] | undefined) ?? null, output: output ?? '', blockPx: blockSizeOf(named.block_size),
    bands: (named.bands as string[] | undefined) ?? null, overwrite: named.overwrite === true,
  };
}

function planRows(job: PredictJob): RowSource {
  const rows = job.blocks.map((b) => {
    const w = blockSchedule(job, b).window;
    const read = job.inputs.length * w.height * w.width * 4;
    // input window, per-class merge sums and weights, the block's output, one batch in and out
    const batch = job.params.batchSize * job.patchSize * job.patchSize * 4 * (job.inputs.length + job.classes.length);
    const memory = read + (job.classes.length + 1) * w.height * w.width * 4 + job.classes.length * b.height * b.width * 4 + batch;
    return [predictBlockId(b), job.blocks.length, blockSchedule(job, b).patches.length, `${w.height}x${w.width}+${w.rowOff}+${w.colOff}`, read, memory];
  });
  let next = 0;
  return (max) => rows.slice(next, (next += max));
}

function runRows(job: PredictJob): RowSource {
  let run: number | null = null;
  let next = 0;
  return () => {
    if (next >= job.blocks.length) {
      if (run !== null) runSync('predictClose', run);
      run = null;
      return [];
    }
    run ??= runSync<number>('predictOpen', { job, progress: process.stderr.isTTY === true } satisfies PredictOpenArgs);
    const r = runSync<PredictRow>('predictRunBlock', { run, block: next++ });
    return [[r.blockId, r.status, r.rowOff, r.colOff, r.height, r.width, r.patches, r.seconds]];
  };
}

function named<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asRasterduckError(e).within('predict_block');
  }
}

export const PREDICT_BLOCK_FUNCTIONS: readonly FunctionDef[] = [
  table<State>({
    name: 'predict_block',
    summary:
      "Runs an ONNX segmentation model (model := path to .onnx with its card .json beside it) over the Zarr cube mosaic in overlapping patches (patch_size, clip_size: margins down-weighted in the weighted-average merge; defaults from the card), block by block (block_size, default 1024 px) with a halo taken from the whole mosaic's patch grid so blocks join without seams, and writes per-class probabilities (float32, NaN where the mosaic has no data) to the Zarr v3 cube output (class, y, x) with the mosaic's CRS and transform; resumable: a rerun of the same job skips finished blocks; overwrite := true replaces an output written by another job (other inputs or parameters), which is otherwise refused. bands := ['<mosaic band>@<time>', ...] maps mosaic bands and time indexes to the card's inputs in order (default: the card's band and time); labels renames the classes. One row per block: block_id, status, row_off, col_off, height, width, patches, seconds. dry_run := true returns the plan (patches, read window, bytes_to_read, memory_bytes).",
    params: [{ name: 'mosaic', type: VARCHAR }],
    named: NAMED,
    bind: (args) => {
      const state = named((): State => {
        const params = paramsOf(args.positional[0], args.named);
        return { job: runSync<PredictJob>('predictPlan', params), dryRun: args.named.dry_run === true };
      });
      return { columns: state.dryRun ? PLAN_COLUMNS : RUN_COLUMNS, state };
    },
    rows: (state) => {
      const source = state.dryRun ? planRows(state.job) : runRows(state.job);
      return (max) => named(() => source(max));
    },
  }),
];
