/**
 * The bridge op of predict_block: DuckDB's callbacks are synchronous and onnxruntime's run
 * is not, so the adapter sends a block to the bridge worker (runSync('predictBlock', ...))
 * and blocks until its probabilities come back. Sessions stay open in the worker, one per
 * model and thread count, so a query opens each model once.
 */
import { registerOp } from '../io/bridge-registry.js';
import type { PatchSchedule } from '../planner/patch-schedule.js';
import { loadModel, type LoadedModel } from './load-model.js';
import type { BlockPixels } from './patch-batch.js';
import { predictBlock, type ClassProbabilities } from './predict-block.js';

/** Arguments of the predictBlock op: structured-cloneable. */
export interface PredictBlockArgs {
  /** The .onnx file (its card beside it) or the card. */
  readonly model: string;
  readonly threads?: number;
  readonly block: BlockPixels;
  readonly patchSize?: number;
  readonly clipSize?: number;
  readonly batchSize?: number;
  readonly nodata?: number;
  readonly schedule?: PatchSchedule;
}

const sessions = new Map<string, Promise<LoadedModel>>();

/** Loads (once per model and thread count) and predicts one block. Throws like loadModel and predictBlock. */
export async function predictBlockOp(args: PredictBlockArgs): Promise<ClassProbabilities> {
  const key = `${args.threads ?? ''}|${args.model}`;
  let loading = sessions.get(key);
  if (!loading) {
    loading = loadModel(args.model, { threads: args.threads });
    sessions.set(key, loading);
    // a failed load is not cached: the user may fix the file and retry
    loading.catch(() => sessions.delete(key));
  }
  const { card, session } = await loading;
  return predictBlock(session, card, args.block, args);
}

registerOp('predictBlock', predictBlockOp, { transfer: true });
