/**
 * The bridge ops of predict_block: `predictPlan` reads the model card and the mosaic's
 * metadata and plans the run (at bind, so a bad model path or band mapping fails before
 * any work); `predictOpen` loads the model and opens the output; `predictRunBlock`
 * predicts one block; `predictClose` forgets the run. The job crosses the bridge once.
 */
import { InternalError } from '../errors.js';
import { loadModel, readCard } from '../model/load-model.js';
import { loadZstdEncoder } from '../zarr/zstd.js';
import { openRasterCube } from '../zarr/raster-cube-reader.js';
import { planPredict, type PredictJob, type PredictParams } from './predict-job.js';
import { PredictRun, type PredictRow } from './predict-run.js';

/** Arguments of `predictOpen`. */
export interface PredictOpenArgs {
  readonly job: PredictJob;
  readonly progress: boolean;
}

const runs = new Map<number, PredictRun>();
let nextId = 1;

/** The card of a model path: the .json itself, or the .onnx's sibling card. */
const cardUrlOf = (model: string): string => (model.toLowerCase().endsWith('.json') ? model : model.replace(/(\.onnx)?$/i, '.json'));

/** Plans a run from the card and the mosaic. Throws InputError naming the card or mosaic. */
export async function planPredictOp(params: PredictParams): Promise<PredictJob> {
  const mosaic = openRasterCube(params.mosaic);
  const card = await readCard(cardUrlOf(params.model), params.model);
  return planPredict(params, card, mosaic);
}

/** Loads the model, opens the output and keeps the run; returns the run's id. */
export async function openPredictRun(args: PredictOpenArgs): Promise<number> {
  await loadZstdEncoder();
  const model = await loadModel(args.job.params.model);
  const id = nextId++;
  runs.set(id, new PredictRun(args.job, model, args.progress));
  return id;
}

/** Predicts one block of an open run. */
export function runPredictBlock(args: { run: number; block: number }): Promise<PredictRow> {
  const run = runs.get(args.run);
  if (!run) throw new InternalError({ reason: `predict run ${args.run} is not open in the bridge worker` });
  return run.runBlock(args.block);
}

/** Forgets a run. */
export function closePredictRun(id: number): boolean {
  return runs.delete(id);
}
