/**
 * The one size limit every chip function checks before it allocates: RASTERDUCK_MAX_CHIP_MB
 * (default 1024). read_chip checks the decoded chip (bands·height·width·bytes per sample)
 * before fetching anything; chip_values, chip_mask and chip_normalized_difference check the
 * memory their result takes on its way into DuckDB, at the bytes per value measured for each
 * (see their docs). Without it a whole-scene geometry ran for minutes into many GB and died
 * inside the JS engine ("Invalid array length").
 */
import { InputError } from '../errors.js';

const DEFAULT_MB = 1024;
const MB = 1024 * 1024;

/**
 * V8 holds at most 2^27 - 2 doubles in one array (FixedDoubleArray::kMaxLength, 1 GiB), and
 * a SQL list crosses into DuckDB as one JS array: past this, "Invalid array length".
 */
export const MAX_LIST_VALUES = 2 ** 27 - 2;

/**
 * The limit RASTERDUCK_MAX_CHIP_MB asks for, in bytes.
 * @throws InputError when it is not a number of megabytes > 0.
 */
export function maxChipBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RASTERDUCK_MAX_CHIP_MB;
  if (raw === undefined || raw === '') return DEFAULT_MB * MB;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0) {
    throw new InputError({ reason: `RASTERDUCK_MAX_CHIP_MB=${raw} is not a number of megabytes > 0`, hint: `Unset it for the default (${DEFAULT_MB})` });
  }
  return Math.floor(mb * MB);
}

/** What is about to be built: a shape, its bytes per value and what the result is called. */
export interface ChipSize {
  readonly bands: number;
  readonly height: number;
  readonly width: number;
  /** Bytes each value costs: 2 for a uint16 chip; a chip function's measured peak per value. */
  readonly bytesPerValue: number;
  /** e.g. 'the uint16 chip' or "chip_values' DOUBLE[] (about 120 bytes per value on its way to DuckDB)". */
  readonly what: string;
  /** Whether the result is one SQL list (so V8's array limit applies too). */
  readonly list?: boolean;
  readonly url?: string;
}

const HINT =
  'Read it in tiles (smaller geometries, e.g. a grid of ST_MakeEnvelope boxes through read_chips), ' +
  'at a lower resolution (an overview or a gdal_translate -outsize copy), or reduce it per tile with chip_stats ' +
  '(zonal statistics); or raise RASTERDUCK_MAX_CHIP_MB if the memory is there';

/**
 * Refuses a result past RASTERDUCK_MAX_CHIP_MB (or past V8's longest array, for a list).
 * @throws InputError naming the shape, its size and the limit, with what to do instead.
 */
export function checkChipSize(size: ChipSize, env: NodeJS.ProcessEnv = process.env): void {
  const values = size.bands * size.height * size.width;
  const bytes = values * size.bytesPerValue;
  const limit = maxChipBytes(env);
  const shape = `${size.bands}x${size.height}x${size.width}`;
  if (bytes > limit) {
    throw new InputError({
      url: size.url,
      reason: `${size.what} would be ${shape} = ${values} values, ${mb(bytes)} MB, over the ${mb(limit)} MB limit (RASTERDUCK_MAX_CHIP_MB)`,
      hint: HINT,
    });
  }
  if (size.list && values > MAX_LIST_VALUES) {
    throw new InputError({
      url: size.url,
      reason: `${size.what} would be ${shape} = ${values} values, more than the ${MAX_LIST_VALUES} one SQL list can hold here (the JS engine's array limit)`,
      hint: HINT.replace(/; or raise .*/, ''),
    });
  }
}

function mb(bytes: number): string {
  const value = bytes / MB;
  return value >= 10 ? value.toFixed(0) : value.toFixed(2);
}
