/**
 * Pure index maths of a regular chunk grid (Zarr v3 "regular" chunk grid): which chunks a
 * region covers, where a chunk sits in its shard, and the box copy that cuts a region
 * into chunks. Arrays are C-order (last dimension fastest), as Zarr's `bytes` codec
 * stores them without a `transpose` codec.
 */
import { InputError } from '../errors.js';
import type { SampleArray } from './data-type.js';

/** An n-d box of an array: its first index and its size per dimension. */
export interface Box {
  readonly start: readonly number[];
  readonly shape: readonly number[];
}

/** How many chunks of `chunkShape` cover `shape` per dimension (edge chunks count whole). */
export function gridShape(shape: readonly number[], chunkShape: readonly number[]): number[] {
  return shape.map((n, i) => Math.ceil(n / chunkShape[i]));
}

/** The C-order position of `coords` in a grid of `shape`. */
export function linearIndex(coords: readonly number[], shape: readonly number[]): number {
  let index = 0;
  for (let i = 0; i < shape.length; i++) index = index * shape[i] + coords[i];
  return index;
}

/** Every coordinate of a grid of `shape`, in C order. */
export function* gridCoords(shape: readonly number[]): Generator<number[]> {
  const total = shape.reduce((a, b) => a * b, 1);
  const coords = shape.map(() => 0);
  for (let n = 0; n < total; n++) {
    yield coords.slice();
    for (let i = shape.length - 1; i >= 0; i--) {
      if (++coords[i] < shape[i]) break;
      coords[i] = 0;
    }
  }
}

/**
 * The chunks a region covers, as a box of chunk coordinates. The region must start on a
 * chunk boundary and end on one or at the array's edge, so every chunk it touches is
 * replaced whole and no chunk needs decoding.
 * @throws InputError naming the dimension that is out of bounds or not aligned.
 */
export function alignedChunks(region: Box, shape: readonly number[], chunkShape: readonly number[]): Box {
  if (region.start.length !== shape.length || region.shape.length !== shape.length) {
    throw new InputError({ reason: `region [${region.start}]+[${region.shape}] has not ${shape.length} dimensions like the array [${shape}]` });
  }
  for (let i = 0; i < shape.length; i++) {
    const [from, size, chunk] = [region.start[i], region.shape[i], chunkShape[i]];
    const end = from + size;
    if (!Number.isInteger(from) || !Number.isInteger(size) || from < 0 || size < 0 || end > shape[i]) {
      throw new InputError({ reason: `region ${from}:${end} is outside dimension ${i} of the array (0:${shape[i]})` });
    }
    if (from % chunk !== 0 || (end % chunk !== 0 && end !== shape[i])) {
      throw new InputError({
        reason: `region ${from}:${end} of dimension ${i} is not aligned to chunks of ${chunk}`,
        hint: 'Write blocks that start and end on chunk boundaries (or at the array edge)',
      });
    }
  }
  return {
    start: region.start.map((s, i) => s / chunkShape[i]),
    shape: region.shape.map((n, i) => (n === 0 ? 0 : Math.ceil((region.start[i] + n) / chunkShape[i]) - region.start[i] / chunkShape[i])),
  };
}

/** C-order strides (in samples) of an array of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = shape.map(() => 1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/**
 * Copies a box of `box` samples from `src` (an array of `srcShape`, box starting at
 * `srcStart`) into `dst` (shape `dstShape`, at `dstStart`). Runs of the last dimension
 * are copied with one `set` each; the hot loop allocates nothing else.
 */
export function copyBox(
  src: SampleArray, srcShape: readonly number[], srcStart: readonly number[],
  dst: SampleArray, dstShape: readonly number[], dstStart: readonly number[],
  box: readonly number[],
): void {
  const rank = box.length;
  if (box.some((n) => n === 0)) return;
  if (rank === 0) {
    dst[0] = src[0];
    return;
  }
  const [ss, ds] = [stridesOf(srcShape), stridesOf(dstShape)];
  const s0 = srcStart.reduce((n, v, i) => n + v * ss[i], 0);
  const d0 = dstStart.reduce((n, v, i) => n + v * ds[i], 0);
  const run = box[rank - 1];
  const rows = box.slice(0, -1).reduce((a, b) => a * b, 1);
  const at = new Array<number>(rank - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    let [s, d] = [s0, d0];
    for (let i = 0; i < rank - 1; i++) {
      s += at[i] * ss[i];
      d += at[i] * ds[i];
    }
    dst.set(src.subarray(s, s + run), d);
    for (let i = rank - 2; i >= 0 && ++at[i] === box[i]; i--) at[i] = 0;
  }
}
