/**
 * A batch of chip reads (one DuckDB chunk) in three waves: the headers of files given by
 * URL only (one read-ahead each, cached), then every block range of every row in one
 * concurrent wave grouped by file (so ranges coalesce across rows), then decode and
 * assembly. Each row ends as its own Outcome: a chip, null (no overlap) or an error.
 */
import { toErrorRecord, type ErrorRecord } from '../errors.js';
import { settle, type Outcome } from '../io/outcome.js';
import { prepareCodec } from '../tiff/decode-block.js';
import { cachedHeader } from '../tiff/header-cache.js';
import { assembleChip } from './assemble.js';
import type { Chip, ChipRequest, ReadChipRowsArgs } from './chip.js';
import { rasterFromHeader, rasterFromMetadata, type ChipRaster } from './chip-raster.js';
import { BlockCache } from './batch-blocks.js';
import { fetchWave, planRanges, type Fetched } from './fetch-wave.js';
import { planChip, type ChipPlan } from './plan-chip.js';

/** The raster of every row: from its metadata record, else from the (cached) header of its URL (one read per file). */
export async function resolveRasters(requests: readonly ChipRequest[]): Promise<Outcome<ChipRaster>[]> {
  const headers = new Map<string, Promise<Outcome<ChipRaster>>>();
  for (const r of requests) {
    if (!r.metadata && !headers.has(r.url)) headers.set(r.url, settle(cachedHeader(r.url).then(rasterFromHeader), r.url));
  }
  return Promise.all(
    requests.map((r) => {
      const meta = r.metadata;
      return meta ? settle(Promise.resolve().then(() => rasterFromMetadata(r.url, meta)), r.url) : (headers.get(r.url) as Promise<Outcome<ChipRaster>>);
    }),
  );
}

/** Loads the decoders every planned row needs; a row whose codec cannot load fails alone. */
async function prepareCodecs(plans: Outcome<ChipPlan | null>[], requests: readonly ChipRequest[]): Promise<Outcome<ChipPlan | null>[]> {
  return Promise.all(
    plans.map((p, i) => {
      if (!p.ok || !p.value) return p;
      const { image, mask } = p.value.raster;
      const ids = [image.compression, ...(mask ? [mask.compression] : [])];
      return settle(Promise.all(ids.map((id) => prepareCodec(id, requests[i].url))).then(() => p.value), requests[i].url);
    }),
  );
}

/** The error of a row, naming its file even when the error itself did not (a bad geometry). */
function recordOf(e: unknown, url: string): ErrorRecord {
  const record = toErrorRecord(e, url);
  return record.url ? record : { ...record, url };
}

function assembleRow(plan: ChipPlan, url: string, fetched: Fetched, cache: BlockCache): Chip {
  const data = plan.dataBlocks.map((need) => cache.data(url, plan.raster, need, fetched));
  const mask = plan.maskBlocks.map((need) => cache.mask(url, plan.raster, need, fetched));
  return assembleChip(plan, { data, mask });
}

/**
 * Reads one chip per request: what rasterio.mask.mask(src, [geom], crop=True,
 * filled=True, all_touched) gives, with the mask of valid pixels. Never rejects: each row
 * is a chip, null when its geometry does not overlap its raster, or the error (naming the
 * file) that stopped it: FetchError for I/O, FormatError for a corrupt or truncated block
 * or an unsupported layout (a rotated grid, a codec), InputError for a bad geometry.
 */
export function readChipRows(args: ReadChipRowsArgs): Promise<Outcome<Chip | null>[]> {
  return readChipRowsMapped(args, (chip) => chip);
}

/**
 * {@link readChipRows} with each chip handed to `map` (with its plan) as soon as it is
 * assembled, keeping what `map` returns instead: zonal statistics reduce chips to numbers
 * on the same reading path. An error thrown by `map` becomes that row's error.
 */
export async function readChipRowsMapped<T>(args: ReadChipRowsArgs, map: (chip: Chip, plan: ChipPlan) => T): Promise<Outcome<T | null>[]> {
  const { requests } = args;
  const allTouched = args.allTouched ?? false;
  const rasters = await resolveRasters(requests);
  const planned = rasters.map((r, i): Outcome<ChipPlan | null> => {
    if (!r.ok) return r;
    try {
      return { ok: true, value: planChip(requests[i], r.value, allTouched) };
    } catch (e) {
      return { ok: false, error: recordOf(e, requests[i].url) };
    }
  });
  const plans = await prepareCodecs(planned, requests);
  const cache = new BlockCache(plans, requests);
  const out: Outcome<T | null>[] = new Array(plans.length);
  const rowsOf = rowsByUrl(requests);
  // each file's blocks go to the decode pool as soon as its bytes are in, and its rows are
  // assembled once they are decoded, while other files still download: decoding runs on
  // every core beside the network, and a file's blocks are released early
  await fetchWave(planRanges(plans, requests, cache), async (url, arrived) => {
    const rows = rowsOf.get(url) ?? [];
    await cache.decodeAhead(url, rows.map((i) => plans[i]), arrived);
    for (const i of rows) out[i] = finishRow(plans[i], url, arrived, cache, map);
  });
  // every planned row's file was in the wave (planRanges lists it even with nothing to fetch)
  return plans.map((p, i) => out[i] ?? finishRow(p, requests[i].url, new Map(), cache, map));
}

function rowsByUrl(requests: readonly ChipRequest[]): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  requests.forEach((r, i) => {
    const list = rows.get(r.url);
    if (list) list.push(i);
    else rows.set(r.url, [i]);
  });
  return rows;
}

/** A row's outcome from its plan: its mapped chip, null (no overlap) or its error; its blocks are released after. */
function finishRow<T>(p: Outcome<ChipPlan | null>, url: string, fetched: Fetched, cache: BlockCache, map: (chip: Chip, plan: ChipPlan) => T): Outcome<T | null> {
  if (!p.ok) return p;
  if (!p.value) return { ok: true, value: null };
  const plan = p.value;
  try {
    return { ok: true, value: map(assembleRow(plan, url, fetched, cache), plan) };
  } catch (e) {
    return { ok: false, error: recordOf(e, url) };
  } finally {
    cache.release(plan, url);
  }
}
