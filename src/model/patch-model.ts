/**
 * What predictBlock runs patches through: an ONNX session, or any function with the same
 * contract (tests use plain functions, so the merge is checked without a runtime).
 */

/** A batch of normalised patches, (count, bands, height, width) row-major float32. */
export interface PatchBatch {
  readonly data: Float32Array;
  readonly count: number;
  readonly bands: number;
  readonly height: number;
  readonly width: number;
}

/** Scores one batch: returns (count, classes, height, width) float32, logits or probabilities as the card says. */
export type PatchFunction = (batch: PatchBatch) => Float32Array | Promise<Float32Array>;

/** An object that scores batches, such as an OnnxSession; `url` names it in errors. */
export interface PatchRunner {
  readonly url?: string;
  run(batch: PatchBatch): Promise<Float32Array>;
}

/** Either form of model. */
export type PatchModel = PatchFunction | PatchRunner;

/** Runs one batch through either form of model. */
export function runPatches(model: PatchModel, batch: PatchBatch): Promise<Float32Array> {
  return Promise.resolve(typeof model === 'function' ? model(batch) : model.run(batch));
}
