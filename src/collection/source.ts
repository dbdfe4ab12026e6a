/**
 * What a rasteret_build source string names: a dataset of the built-in catalog, a STAC
 * API, static STAC (catalog, collection, item, ItemCollection, newline-delimited items) or
 * a stac-geoparquet file; and which asset, column name and sample each requested band is.
 */
import { InputError } from '../errors.js';
import { PC_SAS_URL } from '../io/pc-sas.js';
import type { ItemSource, Signing, StacItem } from '../stac/stac-types.js';
import { DATASETS, findDataset, type Dataset } from './catalog.js';

/** One band of a build: the `{name}_metadata` column it fills and where its pixels are. */
export interface BandSpec {
  /** As the user wrote it; names the `{name}_metadata` column and the `assets` field. */
  readonly name: string;
  readonly asset: string;
  /** 0-based sample in a multi-band file (Rasteret's band_index). */
  readonly bandIndex: number;
}

/** A source string resolved to where items come from and how files are read. */
export interface ResolvedSource {
  readonly items: ItemSource;
  /** The collection(s) to search: the dataset's, else what the user gave. */
  readonly collections?: readonly string[];
  readonly dataset?: Dataset;
  readonly signing: Signing;
  /** Href prefixes to rewrite before reading (requester-pays mirrors). */
  readonly rewrite: Readonly<Record<string, string>>;
}


const PARQUET = /\.(parquet|geoparquet|pq)(\?.*)?$/i;
const JSON_DOC = /\.(json|geojson|ndjson|jsonl|geojsonl|ndgeojson)(\?.*)?$/i;

/**
 * Resolves `source`; `stacApi` replaces a dataset's endpoint (mirrors, tests).
 * @throws InputError for a string that is none of the accepted kinds, naming them and
 *   the closest catalog ids.
 */
export function resolveSource(source: string, stacApi?: string, env: NodeJS.ProcessEnv = process.env): ResolvedSource {
  const dataset = findDataset(source);
  if (dataset) return datasetSource(dataset, stacApi, env);
  const url = stacApi ?? source.trim();
  const items = itemSourceOf(url);
  if (!items) throw unknownSource(source);
  return { items, signing: { kind: 'none' }, rewrite: {} };
}

function datasetSource(d: Dataset, stacApi: string | undefined, env: NodeJS.ProcessEnv): ResolvedSource {
  const signing: Signing = d.access === 'planetary-computer-sas'
    ? {
        kind: 'planetary-computer',
        tokenUrl: env.RASTERDUCK_PC_SAS_URL || PC_SAS_URL,
        subscriptionKey: env.PC_SDK_SUBSCRIPTION_KEY || undefined,
        hostPattern: env.RASTERDUCK_PC_SIGN_HOSTS || undefined,
      }
    : { kind: 'none' };
  const items: ItemSource = stacApi ? (itemSourceOf(stacApi) ?? { kind: 'api', url: stacApi })
    : d.stacApi ? { kind: 'api', url: d.stacApi } : { kind: 'geoparquet', url: d.recordTable ?? '', roles: d.roles };
  return { items, collections: d.collection ? [d.collection] : undefined, dataset: d, signing, rewrite: d.rewrite ?? {} };
}

/** The kind of a URL or path: files by their extension, other http(s) URLs as STAC API roots. */
function itemSourceOf(url: string): ItemSource | undefined {
  if (PARQUET.test(url)) return { kind: 'geoparquet', url };
  if (JSON_DOC.test(url)) return { kind: 'static', url };
  if (/^https?:\/\//i.test(url)) return { kind: 'api', url: url.replace(/\/+$/, '') };
  return undefined;
}

function unknownSource(source: string): InputError {
  const near = DATASETS.map((d) => d.id).filter((id) => id.includes(source.split('/').pop()?.toLowerCase() ?? '\u0000'));
  return new InputError({
    reason: `source '${source}' is not a catalog dataset, a STAC API URL, a STAC JSON/NDJSON file or a stac-geoparquet file`,
    hint: near.length > 0 ? `Did you mean ${near.map((n) => `'${n}'`).join(', ')}? See SELECT id FROM rasteret_catalog()` : 'See SELECT id FROM rasteret_catalog() for dataset names; an API is e.g. https://earth-search.aws.element84.com/v1',
  });
}

/**
 * The bands to index. With a dataset, names are its band names (or its asset keys) and
 * none given means all of them; otherwise names are asset keys and none means none.
 * @throws InputError for a band the dataset does not have, or a name given twice.
 */
export function resolveBands(names: readonly string[] | undefined, dataset: Dataset | undefined): BandSpec[] {
  const list = names ?? (dataset ? Object.keys(dataset.bands) : []);
  const seen = new Set<string>();
  return list.map((name) => {
    // the {band}_metadata columns must differ, and DuckDB compares column names case-insensitively
    if (seen.has(name.toLowerCase())) throw new InputError({ reason: `band '${name}' is given twice`, hint: 'List each band once in bands := [...] (names are case-insensitive)' });
    seen.add(name.toLowerCase());
    if (!dataset) return { name, asset: name, bandIndex: 0 };
    const band = dataset.bands[name] ?? Object.values(dataset.bands).find((b) => b.asset === name && b.bandIndex === undefined);
    if (!band) {
      throw new InputError({ reason: `${dataset.id} has no band '${name}'`, hint: `Its bands are ${Object.keys(dataset.bands).join(', ')}` });
    }
    return { name, asset: band.asset, bandIndex: band.bandIndex ?? 0 };
  });
}

/** `href` with the first matching prefix of `rewrite` replaced. */
export function rewriteHref(href: string, rewrite: Readonly<Record<string, string>>): string {
  for (const [from, to] of Object.entries(rewrite)) if (href.startsWith(from)) return to + href.slice(from.length);
  return href;
}

/** The items with their asset hrefs rewritten (a copy; the items are unchanged when there is nothing to rewrite). */
export function rewriteItemHrefs(items: StacItem[], rewrite: Readonly<Record<string, string>>): StacItem[] {
  if (Object.keys(rewrite).length === 0) return items;
  return items.map((item) => ({ ...item, assets: Object.fromEntries(Object.entries(item.assets).map(([k, a]) => [k, { ...a, href: rewriteHref(a.href, rewrite) }])) }));
}

/**
 * Refuses a band that no item has: that is a typo, not a per-item failure, so it fails
 * before any header is read (a band missing from some items is left to on_error).
 * @throws InputError listing the assets the items have.
 */
export function checkBandsExist(items: readonly StacItem[], bands: readonly BandSpec[]): void {
  if (items.length === 0) return;
  for (const band of bands) {
    if (items.some((i) => band.asset in i.assets)) continue;
    const keys = [...new Set(items.flatMap((i) => Object.keys(i.assets)))].sort();
    throw new InputError({ reason: `no item has an asset '${band.asset}' (band '${band.name}')`, hint: `The items' assets are: ${keys.join(', ')}` });
  }
}
