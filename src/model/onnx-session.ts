/**
 * An ONNX model on onnxruntime-node, on its CPU execution provider unless
 * RASTERDUCK_ONNX_PROVIDERS names others (the GPU opt-in in the README). The only file that
 * imports onnxruntime-node, so swapping the runtime touches this file alone.
 */
import * as ort from 'onnxruntime-node';
import { FormatError, InputError } from '../errors.js';
import type { PatchBatch } from './patch-model.js';

/** Options for {@link OnnxSession.create}. */
export interface SessionOptions {
  /** Threads one inference may use (ORT's intra-op pool); ORT's default is the number of physical cores. */
  readonly threads?: number;
  /** The model's input and output names; the first of each when absent. */
  readonly inputName?: string;
  readonly outputName?: string;
}

/** A loaded ONNX model that maps a batch of patches to per-class scores. */
export class OnnxSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    /** The model file, for error messages. */
    readonly url: string,
    readonly inputName: string,
    readonly outputName: string,
  ) {}

  /**
   * Creates a CPU session from the model's bytes. Throws InputError for a bad thread count,
   * FormatError naming `url` when ORT cannot load the bytes or the named input or output
   * does not exist.
   */
  static async create(bytes: Uint8Array, url: string, options: SessionOptions = {}): Promise<OnnxSession> {
    const threads = options.threads;
    if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
      throw new InputError({ url, reason: `threads must be a positive integer, got ${threads}` });
    }
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        executionProviders: executionProviders(process.env),
        // ORT rejects an explicit undefined; leaving the key out means its default
        ...(threads === undefined ? {} : { intraOpNumThreads: threads }),
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        // idle ORT threads spin by default and steal the cores the merge between batches
        // needs: measured here, predictBlock's CPU per 256x256 patch fell from ~44 to ~30 ms
        extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
      });
    } catch (e) {
      throw new FormatError({ url, reason: `onnxruntime cannot load the model: ${(e as Error).message}`, hint: 'Check that the file is an ONNX model (opset 7 to 21)', cause: e });
    }
    const inputName = pick(session.inputNames, options.inputName, 'input', url);
    const outputName = pick(session.outputNames, options.outputName, 'output', url);
    return new OnnxSession(session, url, inputName, outputName);
  }

  /**
   * Runs one batch and returns the output tensor's data, (count, classes, height, width)
   * float32. Throws FormatError naming the model when ORT fails or the output is not float32.
   */
  async run(batch: PatchBatch): Promise<Float32Array> {
    const input = new ort.Tensor('float32', batch.data, [batch.count, batch.bands, batch.height, batch.width]);
    let result: ort.InferenceSession.OnnxValueMapType;
    try {
      result = await this.session.run({ [this.inputName]: input }, [this.outputName]);
    } catch (e) {
      const shape = `${batch.count}x${batch.bands}x${batch.height}x${batch.width}`;
      throw new FormatError({ url: this.url, reason: `onnxruntime failed on a ${shape} float32 batch: ${(e as Error).message}`, hint: 'Check the model card: band count and patch_multiple must match the model', cause: e });
    }
    const out = result[this.outputName] as ort.Tensor;
    if (out.type !== 'float32') throw new FormatError({ url: this.url, reason: `model output '${this.outputName}' is ${out.type}, not float32` });
    return out.data as Float32Array;
  }

  /** Frees the native session; the object is unusable afterwards. */
  async release(): Promise<void> {
    await this.session.release();
  }
}

function pick(names: readonly string[], wanted: string | undefined, what: string, url: string): string {
  if (wanted === undefined) {
    if (names.length > 0) return names[0];
    throw new FormatError({ url, reason: `the model has no ${what}` });
  }
  if (names.includes(wanted)) return wanted;
  throw new FormatError({ url, reason: `the model has no ${what} named '${wanted}' (it has: ${names.join(', ')})`, hint: `Fix ${what}.name in the model card` });
}

/**
 * The execution providers to try, in order: RASTERDUCK_ONNX_PROVIDERS as a comma list
 * (e.g. `cuda,cpu`), else the CPU build that ships inside onnxruntime-node.
 * @throws InputError when the variable is set but names no provider.
 */
export function executionProviders(env: NodeJS.ProcessEnv): string[] {
  const raw = env.RASTERDUCK_ONNX_PROVIDERS;
  if (raw === undefined) return ['cpu'];
  const names = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) {
    throw new InputError({ reason: `RASTERDUCK_ONNX_PROVIDERS=${JSON.stringify(raw)} names no execution provider`, hint: "Unset it for the CPU, or list providers in order, e.g. 'cuda,cpu'" });
  }
  return names;
}
