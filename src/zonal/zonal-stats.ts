/**
 * Zonal statistics of a DuckDB chunk of (geometry, scene) rows, computed where the chips
 * are read (the bridge worker): every band of every row is one chip request of a single
 * readChipRows wave (so ranges coalesce across rows and bands as read_chip's do), each chip is
 * reduced to numbers as soon as its file is in, and only those numbers leave the worker.
 */
import { InputError, toErrorRecord } from '../errors.js';
import type { Outcome } from '../io/outcome.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';
import { viewAs, type SampleArray } from '../tiff/dtype.js';
import type { Chip, ChipRequest } from '../chip/chip.js';
import { readChipRowsMapped } from '../chip/read-chip-rows.js';
import { bandsOf, evaluateExpression, parseExpression, type Expr } from './expression.js';
import { parseStat, type StatSpec } from './stat-spec.js';
import { zoneStats, type StatValue } from './statistics.js';

/** One band of one row: its file, by URL or by cog_metadata's record. */
export interface ZonalSource {
  readonly url: string;
  readonly metadata?: CogMetadata | null;
}

/** One row: a geometry and one source per band of the spec, in the spec's band order. */
export interface ZonalRequest {
  readonly sources: readonly ZonalSource[];
  readonly wkb: Uint8Array;
  /** As ChipRequest.geometryCrs: absent means the raster's CRS (or the EWKB SRID). */
  readonly geometryCrs?: string | null;
}

/** What to compute, the same for every row of a wave. */
export interface ZonalSpec {
  /** Band names, one per source of each row. */
  readonly bands: readonly string[];
  /** A band expression over those names, or null for statistics per band. */
  readonly expression: string | null;
  readonly stats: readonly string[];
  /** Accept Sedona's statistic names too (RS_ZonalStats). */
  readonly sedonaNames?: boolean;
  readonly allTouched: boolean;
  /** false: every pixel inside the geometry counts, with rasterio.mask's filled value (Sedona's excludeNoData), NaN still left out. */
  readonly excludeNoData: boolean;
  /** NULL for a row whose geometry misses the raster (Sedona's lenient), instead of an empty zone. */
  readonly lenient?: boolean;
  /** Only this 1-based sample of each file (RS_ZonalStats' band); null for all of them. */
  readonly sample: number | null;
}

/** Arguments of the `zonalStats` bridge op. */
export interface ZonalArgs {
  readonly spec: ZonalSpec;
  readonly requests: readonly ZonalRequest[];
}

/** The statistics of one zone: per band (`band` names it) or of the expression (`band` null). */
export interface ZonalRow {
  readonly band: string | null;
  /** One per requested statistic, in order. */
  readonly values: readonly StatValue[];
}

/** What a chip keeps until its row is summarised: its pixels and the pixels inside the geometry. */
interface ChipZone {
  readonly chip: Chip;
  readonly inside: Uint8Array;
  readonly samples: SampleArray;
}

/** A checked spec: statistics and the expression parsed. */
interface Prepared {
  readonly spec: ZonalSpec;
  readonly stats: readonly StatSpec[];
  readonly expr: Expr | null;
}

/**
 * Parses and checks a spec (statistic names, expression, its bands).
 * @throws InputError for an unknown statistic, an unparsable expression or a band the
 * expression names that the spec does not list.
 */
export function prepareSpec(spec: ZonalSpec): Prepared {
  const stats = spec.stats.map((s) => parseStat(s, spec.sedonaNames ?? false));
  if (stats.length === 0) throw new InputError({ reason: 'no statistic was asked for', hint: "Pass stats := ['mean', ...]" });
  if (spec.expression === null) return { spec, stats, expr: null };
  const expr = parseExpression(spec.expression);
  const missing = bandsOf(expr).filter((b) => !spec.bands.includes(b));
  if (missing.length > 0) {
    throw new InputError({
      reason: `the expression '${spec.expression}' reads band '${missing[0]}', which is not among bands [${spec.bands.join(', ')}]`,
      hint: `Add it: bands := [${[...spec.bands, ...missing].map((b) => `'${b}'`).join(', ')}]`,
    });
  }
  return { spec, stats, expr };
}

function countOnes(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

/** The values of one sample counted for a zone: valid, or every pixel inside; never NaN (rasterstats masks NaN). */
function sampleValues(z: ChipZone, sample: number, excludeNoData: boolean): Float64Array {
  const n = z.chip.height * z.chip.width;
  const o = sample * n;
  const keep = excludeNoData ? z.chip.mask : z.inside;
  const at = excludeNoData ? o : 0;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (keep[at + i] === 0) continue;
    const v = z.samples[o + i];
    if (v !== v) continue;
    out[k++] = v;
  }
  return out.subarray(0, k);
}

function perBand(p: Prepared, zones: readonly (ChipZone | null)[]): ZonalRow[] {
  const rows: ZonalRow[] = [];
  zones.forEach((z, j) => {
    const name = p.spec.bands[j];
    if (!z) {
      rows.push({ band: name, values: zoneStats(p.stats, new Float64Array(0), 0) });
      return;
    }
    const { bands } = z.chip;
    if (p.spec.sample !== null && p.spec.sample > bands) {
      throw new InputError({ reason: `band ${p.spec.sample} does not exist: the raster has ${bands} band${bands > 1 ? 's' : ''}`, hint: `Pass a band from 1 to ${bands}` });
    }
    const samples = p.spec.sample !== null ? [p.spec.sample - 1] : Array.from({ length: bands }, (_, s) => s);
    const inside = countOnes(z.inside);
    for (const s of samples) {
      const band = bands > 1 && p.spec.sample === null ? `${name}_${s + 1}` : name;
      rows.push({ band, values: zoneStats(p.stats, sampleValues(z, s, p.spec.excludeNoData), inside) });
    }
  });
  return rows;
}

/** The expression's values where every band it reads is valid and the result is finite. */
function expressionRow(p: Prepared, zones: readonly (ChipZone | null)[], urls: readonly string[]): ZonalRow {
  if (zones.some((z) => z === null)) return { band: null, values: zoneStats(p.stats, new Float64Array(0), 0) };
  const all = zones as readonly ChipZone[];
  const first = all[0].chip;
  all.forEach((z, j) => {
    const c = z.chip;
    if (c.bands !== 1) {
      throw new InputError({ url: urls[j], reason: `band '${p.spec.bands[j]}' has ${c.bands} samples; an expression reads single-band files`, hint: 'Compute statistics per band instead (no expression)' });
    }
    if (c.width !== first.width || c.height !== first.height || c.transform.some((v, k) => v !== first.transform[k])) {
      throw new InputError({ url: urls[j], reason: `band '${p.spec.bands[j]}' is on another pixel grid than band '${p.spec.bands[0]}' under this geometry (${c.width}x${c.height} vs ${first.width}x${first.height} px)`, hint: 'An expression combines bands of the same resolution and grid' });
    }
  });
  const n = first.width * first.height;
  const valid = Uint8Array.from(all[0].chip.mask);
  for (const z of all.slice(1)) for (let i = 0; i < n; i++) valid[i] &= z.chip.mask[i];
  // evaluated on the valid pixels only, gathered first: fewer and smaller arrays per node
  const m = countOnes(valid);
  const gathered = all.map((z) => {
    const g = new Float64Array(m);
    for (let i = 0, k = 0; i < n; i++) if (valid[i] === 1) g[k++] = z.samples[i];
    return g;
  });
  const value = evaluateExpression(p.expr as Expr, p.spec.bands, gathered, m);
  let k = 0;
  // compacted in place: value[k] is written only after value[i >= k] was read
  for (let i = 0; i < m; i++) if (Number.isFinite(value[i])) value[k++] = value[i];
  const out = value;
  return { band: null, values: zoneStats(p.stats, out.subarray(0, k), countOnes(all[0].inside)) };
}

/**
 * The statistics of every row: one entry per band (or one for the expression) per row,
 * null for a row whose geometry misses every band's raster when `spec.lenient`
 * (Sedona's NULL), else an empty zone (count 0). Never rejects: a row's error (naming its
 * file) is that row's outcome.
 */
export async function zonalStats(args: ZonalArgs): Promise<Outcome<ZonalRow[] | null>[]> {
  const prepared = prepareSpec(args.spec);
  const { bands } = args.spec;
  const chipRequests: ChipRequest[] = args.requests.flatMap((r) => r.sources.map((s) => ({ ...s, wkb: r.wkb, geometryCrs: r.geometryCrs ?? null })));
  const chips = await readChipRowsMapped({ requests: chipRequests, allTouched: args.spec.allTouched }, (chip, plan): ChipZone => ({ chip, inside: plan.inside, samples: viewAs(chip.dtype, chip.data) }));
  return args.requests.map((r, i): Outcome<ZonalRow[] | null> => {
    const outcomes = chips.slice(i * bands.length, (i + 1) * bands.length);
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok) return failed;
    const zones = outcomes.map((o) => (o.ok ? o.value : null));
    if (args.spec.lenient && zones.every((z) => z === null)) return { ok: true, value: null };
    try {
      const urls = r.sources.map((s) => s.url);
      return { ok: true, value: prepared.expr ? [expressionRow(prepared, zones, urls)] : perBand(prepared, zones) };
    } catch (e) {
      const record = toErrorRecord(e, r.sources[0]?.url);
      return { ok: false, error: record.url ? record : { ...record, url: r.sources[0]?.url } };
    }
  });
}
