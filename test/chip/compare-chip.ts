/**
 * Compares a chip with rasterio's: shape, dtype, transform (within 1e-9 of a pixel), mask
 * exactly, values exactly or within a bound (NaN equal to NaN), and reports the largest
 * difference it saw.
 */
import type { Chip } from '../../src/chip/chip.js';
import { viewAs, type Dtype } from '../../src/tiff/dtype.js';
import type { ExpectedCase } from './chip-expected.js';

/** What differs, empty when the chip is rasterio's; and the largest value difference. */
export interface ChipDiff {
  readonly problems: string[];
  readonly maxAbsDiff: number;
  readonly exactTransform: boolean;
}

function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
}

function compareValues(got: Chip, exp: ExpectedCase, bound: number, problems: string[]): number {
  const a = viewAs(got.dtype, aligned(got.data));
  const b = viewAs(exp.dtype as Dtype, aligned(exp.data!));
  let max = 0;
  let bad = 0;
  let first = -1;
  for (let i = 0; i < b.length; i++) {
    const [x, y] = [a[i], b[i]];
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const d = Number.isNaN(x) || Number.isNaN(y) ? Infinity : Math.abs(x - y);
    if (d > max) max = d;
    if (d > bound) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad > 0) problems.push(`${bad} values differ by more than ${bound} (first at ${first}: ${a[first]} vs ${b[first]})`);
  return max;
}

function compareMask(got: Chip, exp: ExpectedCase, problems: string[]): void {
  let bad = 0;
  let inverted = 0;
  for (let i = 0; i < exp.mask!.length; i++) {
    if ((got.mask[i] !== 0) !== (exp.mask![i] !== 0)) bad++;
    else inverted++;
  }
  if (bad > 0) problems.push(inverted === 0 ? 'mask is inverted' : `${bad} of ${exp.mask!.length} mask values differ`);
}

/** The differences between our chip (or null) and rasterio's case; `bound` is the largest value difference allowed. */
export function compareChip(got: Chip | null, exp: ExpectedCase, bound: number): ChipDiff {
  const problems: string[] = [];
  if (exp.null || got === null) {
    if (exp.null !== (got === null)) problems.push(exp.null ? 'expected NULL (no overlap), got a chip' : 'expected a chip, got NULL');
    return { problems, maxAbsDiff: 0, exactTransform: true };
  }
  const shape = [got.bands, got.height, got.width];
  if (JSON.stringify(shape) !== JSON.stringify(exp.shape)) problems.push(`shape ${shape} vs ${exp.shape}`);
  if (got.dtype !== exp.dtype) problems.push(`dtype ${got.dtype} vs ${exp.dtype}`);
  const pixel = Math.abs(exp.transform![0]);
  const t = exp.transform!;
  if (got.transform.some((v, i) => !(Math.abs(v - t[i]) <= 1e-9 * pixel))) problems.push(`transform ${got.transform} vs ${t}`);
  if (problems.length > 0) return { problems, maxAbsDiff: 0, exactTransform: false };
  compareMask(got, exp, problems);
  const maxAbsDiff = compareValues(got, exp, bound, problems);
  return { problems, maxAbsDiff, exactTransform: got.transform.every((v, i) => v === t[i]) };
}
