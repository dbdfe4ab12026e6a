/**
 * The statistics zonal_stats and RS_ZonalStats compute, by name: rasterstats' names
 * (count, sum, mean, min, max, std, median, percentile_N, majority, minority), plus
 * valid_fraction and histogram, and Sedona's aliases for RS_ZonalStats.
 */
import { InputError } from '../errors.js';

/** One requested statistic. */
export type StatSpec =
  | { readonly kind: 'count' | 'sum' | 'mean' | 'min' | 'max' | 'std' | 'median' | 'majority' | 'minority' | 'valid_fraction' | 'histogram' }
  /** Sedona's stddev/sd and variance: bias-corrected (n - 1), as Commons Math's DescriptiveStatistics. */
  | { readonly kind: 'sample_std' | 'sample_variance' | 'mode' }
  | { readonly kind: 'percentile'; readonly q: number };

const PLAIN = ['count', 'sum', 'mean', 'min', 'max', 'std', 'median', 'majority', 'minority', 'valid_fraction', 'histogram'] as const;

/** Sedona's RS_ZonalStats names that differ from rasterstats'. */
const SEDONA: Readonly<Record<string, StatSpec>> = {
  average: { kind: 'mean' }, avg: { kind: 'mean' }, mode: { kind: 'mode' },
  stddev: { kind: 'sample_std' }, sd: { kind: 'sample_std' }, variance: { kind: 'sample_variance' },
};

const KNOWN = `${PLAIN.join(', ')}, percentile_N (0 <= N <= 100)`;

/**
 * The statistic a name asks for (case-insensitive); `sedona` also accepts Sedona's names.
 * @throws InputError for an unknown name or a percentile outside 0..100.
 */
export function parseStat(name: string, sedona = false): StatSpec {
  const key = name.trim().toLowerCase();
  if ((PLAIN as readonly string[]).includes(key)) return { kind: key as (typeof PLAIN)[number] };
  if (sedona && Object.hasOwn(SEDONA, key)) return SEDONA[key];
  const p = /^percentile_(\d+(?:\.\d+)?)$/.exec(key);
  if (p) {
    const q = Number(p[1]);
    if (q <= 100) return { kind: 'percentile', q };
  }
  const also = sedona ? `, or Sedona's ${Object.keys(SEDONA).join(', ')}` : '';
  throw new InputError({ reason: `unknown statistic '${name}'`, hint: `Use one of ${KNOWN}${also}` });
}
