/**
 * Statistics over the valid pixel values of one zone, with numpy's and rasterstats'
 * definitions: population std (ddof=0), np.percentile's linear interpolation, majority
 * and minority as the most and least frequent value with ties going to the smallest.
 * Values are float64 whatever the raster's dtype.
 */
import type { StatSpec } from './stat-spec.js';

/** One value and how many valid pixels hold it. */
export type HistogramBin = readonly [value: number, count: number];

/** A statistic's result: a number, null (no valid pixel), or a histogram. */
export type StatValue = number | null | readonly HistogramBin[];

/** numpy's _lerp (numpy >= 1.22): exact at both ends, from the nearer end past the middle. */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** np.percentile(values, q) with the default 'linear' method, on ascending values. */
export function percentileOf(sorted: Float64Array, q: number): number {
  const idx = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(idx);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return lerp(sorted[lo], sorted[hi], idx - lo);
}

/** Distinct values ascending with their counts (np.unique(..., return_counts=True)). */
function histogramOf(sorted: Float64Array): HistogramBin[] {
  const bins: [number, number][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const last = bins[bins.length - 1];
    if (last && last[0] === sorted[i]) last[1]++;
    else bins.push([sorted[i], 1]);
  }
  return bins;
}

/** rasterstats' key_assoc_val: the first (smallest) value whose count is best. */
function pickBin(bins: readonly HistogramBin[], better: (a: number, b: number) => boolean, lastOnTie = false): number {
  let best = bins[0];
  for (const bin of bins) if (better(bin[1], best[1]) || (lastOnTie && bin[1] === best[1])) best = bin;
  return best[0];
}

/** Lazily computed pieces shared by several statistics of one zone. */
class Zone {
  private sortedMemo?: Float64Array;
  private binsMemo?: HistogramBin[];
  readonly sum: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;

  constructor(readonly values: Float64Array) {
    let s = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      s += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    this.sum = s;
    this.mean = s / values.length;
    this.min = lo;
    this.max = hi;
  }

  get sorted(): Float64Array {
    return (this.sortedMemo ??= Float64Array.from(this.values).sort());
  }

  get bins(): HistogramBin[] {
    return (this.binsMemo ??= histogramOf(this.sorted));
  }

  squares(): number {
    let ss = 0;
    for (let i = 0; i < this.values.length; i++) ss += (this.values[i] - this.mean) ** 2;
    return ss;
  }
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function statOf(spec: StatSpec, z: Zone): StatValue {
  const n = z.values.length;
  switch (spec.kind) {
    case 'sum': return z.sum;
    case 'mean': return z.mean;
    case 'min': return z.min;
    case 'max': return z.max;
    case 'std': return Math.sqrt(z.squares() / n);
    case 'sample_std': return n > 1 ? Math.sqrt(z.squares() / (n - 1)) : null;
    case 'sample_variance': return n > 1 ? z.squares() / (n - 1) : null;
    case 'median': return median(z.sorted);
    case 'percentile': return percentileOf(z.sorted, spec.q);
    case 'majority': return pickBin(z.bins, (a, b) => a > b);
    case 'minority': return pickBin(z.bins, (a, b) => a < b);
    // Sedona: "if there are multiple values with same occurrence then will return the largest number"
    case 'mode': return pickBin(z.bins, (a, b) => a > b, true);
    case 'histogram': return z.bins;
    default: throw new Error(`statOf: ${spec.kind} is handled by zoneStats`);
  }
}

/**
 * The requested statistics of one zone. `values` holds its valid pixels; `inside` is how
 * many pixels the geometry covers (valid_fraction's denominator), 0 when it covers none.
 * With no valid pixel, count is 0, histogram empty, valid_fraction 0 (NULL when nothing
 * is inside) and everything else NULL, as rasterstats gives None.
 */
export function zoneStats(specs: readonly StatSpec[], values: Float64Array, inside: number): StatValue[] {
  const zone = values.length > 0 ? new Zone(values) : null;
  return specs.map((spec) => {
    if (spec.kind === 'count') return values.length;
    if (spec.kind === 'valid_fraction') return inside > 0 ? values.length / inside : null;
    if (!zone) return spec.kind === 'histogram' ? [] : null;
    return statOf(spec, zone);
  });
}
