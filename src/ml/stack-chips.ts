/**
 * Chips stacked into one tensor for ML code: float32 [N, C, H, W] (channels are the bands
 * of each chip column in order), the validity mask in the same shape, and each row's
 * transform. Chips of different sizes are placed top-left in an H x W frame (the largest
 * chip by default, or a fixed size: larger chips are cropped), the rest filled. Pure.
 */
import { InputError } from '../errors.js';
import { bytesPerSampleOf, viewAs, type Dtype } from '../tiff/dtype.js';

/** The chip fields stacking reads (as SQL returns the read_chip struct). */
export interface ChipRecord {
  readonly data: Uint8Array;
  readonly dtype: string;
  readonly bands: number;
  readonly height: number;
  readonly width: number;
  readonly transform: readonly number[];
  readonly mask: Uint8Array;
}

/** A batch as tensors. */
export interface ChipTensor {
  /** A NULL chip's frame holds the fill value (`fill`, default 0) with mask 0. */
  readonly data: Float32Array;
  readonly mask: Uint8Array;
  /** [N, C, H, W]. */
  readonly shape: readonly [number, number, number, number];
  /** N x 6 affines (rasterio order) of each row's first chip; NaN for a row without chips. */
  readonly transforms: Float64Array;
  /** N x K (K chip columns, row-major): 1 where the row's chip is there, 0 where it is NULL. */
  readonly present: Uint8Array;
  /** Bands of each chip column, in channel order: their sum is C. */
  readonly bands: readonly number[];
}

/** Options: a fixed frame size and the value of pixels outside a chip or invalid. */
export interface StackOptions {
  readonly size?: readonly [height: number, width: number];
  /**
   * Bands of each chip column, for columns that may have no chip in a batch (then C counts
   * them anyway, so every batch has the same channels). Checked against the chips present;
   * without it a column with no chip in the batch has 0 channels.
   */
  readonly bands?: readonly number[];
  /** Value for padding and for invalid pixels (default: keep the chip's fill where inside, 0 outside). */
  readonly fill?: number;
}

function samples(chip: ChipRecord): ArrayLike<number> {
  const dtype = chip.dtype as Dtype;
  const size = bytesPerSampleOf(dtype);
  const bytes = chip.data.byteOffset % size === 0 ? chip.data : chip.data.slice();
  return viewAs(dtype, bytes);
}

function channelsOf(row: readonly (ChipRecord | null)[], columns: readonly string[], bandsPerColumn: number[]): void {
  row.forEach((chip, c) => {
    if (!chip) return;
    if (bandsPerColumn[c] === 0) bandsPerColumn[c] = chip.bands;
    else if (bandsPerColumn[c] !== chip.bands) throw new InputError({ reason: `column ${columns[c]} has chips of ${bandsPerColumn[c]} and ${chip.bands} bands` });
  });
}

function copyChip(chip: ChipRecord, out: ChipTensor, n: number, channel: number, fill: number | undefined): void {
  const [, C, H, W] = out.shape;
  const values = samples(chip);
  const rows = Math.min(H, chip.height);
  const cols = Math.min(W, chip.width);
  for (let b = 0; b < chip.bands; b++) {
    for (let r = 0; r < rows; r++) {
      const src = (b * chip.height + r) * chip.width;
      const dst = ((n * C + channel + b) * H + r) * W;
      for (let c = 0; c < cols; c++) {
        const valid = chip.mask[src + c];
        out.mask[dst + c] = valid;
        out.data[dst + c] = valid || fill === undefined ? values[src + c] : fill;
      }
    }
  }
}

/**
 * Stacks rows of chips (one array per row, one entry per chip column; null for a missing
 * chip) into a tensor. Throws InputError when a column mixes band counts (or disagrees
 * with `bands`).
 */
export function stackChips(rows: readonly (readonly (ChipRecord | null)[])[], columns: readonly string[], options: StackOptions = {}): ChipTensor {
  if (options.bands && options.bands.length !== columns.length) {
    throw new InputError({ reason: `bands gives ${options.bands.length} counts for ${columns.length} chip columns (${columns.join(', ')})` });
  }
  const bandsPerColumn = columns.map((_, c) => options.bands?.[c] ?? 0);
  let [H, W] = options.size ?? [0, 0];
  for (const row of rows) {
    channelsOf(row, columns, bandsPerColumn);
    if (!options.size) for (const chip of row) if (chip) [H, W] = [Math.max(H, chip.height), Math.max(W, chip.width)];
  }
  const C = bandsPerColumn.reduce((s, n) => s + n, 0);
  const N = rows.length;
  const K = columns.length;
  const out: ChipTensor = {
    data: new Float32Array(N * C * H * W).fill(options.fill ?? 0),
    mask: new Uint8Array(N * C * H * W),
    shape: [N, C, H, W],
    transforms: new Float64Array(N * 6).fill(NaN),
    present: new Uint8Array(N * K),
    bands: bandsPerColumn,
  };
  rows.forEach((row, n) => {
    let channel = 0;
    row.forEach((chip, c) => {
      if (chip) {
        copyChip(chip, out, n, channel, options.fill);
        out.present[n * K + c] = 1;
      }
      channel += bandsPerColumn[c];
    });
    const first = row.find((chip) => chip);
    if (first) out.transforms.set(first.transform.slice(0, 6), n * 6);
  });
  return out;
}
