/**
 * Which headers a slice of items needs (each distinct href once, so the bands of a
 * multi-band file share one read), and what becomes of the items once the headers are in,
 * under the build's on_error rule. Pure: the reads themselves happen in the bridge worker.
 */
import { fromErrorRecord, type RasterduckError } from '../errors.js';
import type { Outcome } from '../io/outcome.js';
import type { StacItem } from '../stac/stac-types.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';
import type { OnError } from './build-args.js';
import type { ItemHeaders } from './layout.js';
import type { BandSpec } from './source.js';

/** The distinct hrefs of a slice and the collection of each (for per-collection signing). */
export interface HeaderWave {
  readonly hrefs: string[];
  readonly collections: (string | undefined)[];
}

/** Every distinct href the items' bands point to, in first-seen order. */
export function headerWave(items: readonly StacItem[], bands: readonly BandSpec[]): HeaderWave {
  const seen = new Set<string>();
  const wave: HeaderWave = { hrefs: [], collections: [] };
  for (const item of items) {
    for (const band of bands) {
      const href = item.assets[band.asset]?.href;
      if (href === undefined || seen.has(href)) continue;
      seen.add(href);
      wave.hrefs.push(href);
      wave.collections.push(item.collection);
    }
  }
  return wave;
}

/** An item that goes into the collection, with its bands' headers. */
export interface IndexedItem {
  readonly item: StacItem;
  readonly headers: ItemHeaders;
}

/**
 * The items kept and their headers. Under 'fail' the first item with a missing asset or
 * an unreadable header throws (naming the item, band and file); 'skip' drops such items;
 * 'null' keeps them with NULL metadata for the bands that failed.
 */
export function indexItems(items: readonly StacItem[], bands: readonly BandSpec[], wave: HeaderWave, outcomes: readonly Outcome<CogMetadata>[], onError: OnError): IndexedItem[] {
  const byHref = new Map(wave.hrefs.map((h, i) => [h, outcomes[i]]));
  const out: IndexedItem[] = [];
  for (const item of items) {
    const headers = new Map<string, CogMetadata | null>();
    let failed = false;
    for (const band of bands) {
      const asset = item.assets[band.asset];
      const outcome = asset ? byHref.get(asset.href) : undefined;
      if (outcome?.ok) {
        headers.set(band.name, outcome.value);
        continue;
      }
      if (onError === 'fail') throw bandError(item, band, outcome);
      failed = true;
      headers.set(band.name, null);
    }
    if (!(failed && onError === 'skip')) out.push({ item, headers });
  }
  return out;
}

const ON_ERROR_HINT = "on_error := 'skip' drops such items, on_error := 'null' keeps them with a NULL metadata struct";

function bandError(item: StacItem, band: BandSpec, outcome: Outcome<CogMetadata> | undefined): RasterduckError {
  if (!outcome || outcome.ok) {
    return fromErrorRecord({
      kind: 'format',
      reason: `item '${item.id}' has no asset '${band.asset}' for band '${band.name}' (its assets: ${Object.keys(item.assets).join(', ') || 'none'})`,
      hint: ON_ERROR_HINT,
    });
  }
  const e = outcome.error;
  return fromErrorRecord({ ...e, reason: `item '${item.id}' band '${band.name}': ${e.reason}`, hint: [e.hint, ON_ERROR_HINT].filter(Boolean).join('. ') });
}
