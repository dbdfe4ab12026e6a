/**
 * Bridge ops of rasteret_build, run in the bridge worker: list the items of a source
 * (every page of a search, or a static catalog walked), and read the headers of a wave of
 * asset hrefs concurrently, signing them first when the source needs it.
 */
import { settle, type Outcome } from '../io/outcome.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';
import { cogMetadataWave } from '../tiff/header-ops.js';
import { searchApi } from './api-search.js';
import { itemPredicate, sortItems } from './item-filter.js';
import { PlanetaryComputerTokens, signHref } from '../io/pc-sas.js';
import { hostPattern } from '../io/pc-sas-reader.js';
import { ProgressLine } from '../progress-line.js';
import { readGeoparquetItems } from './stac-geoparquet.js';
import { loadStaticItems } from './static-source.js';
import type { HeadersRequest, ItemsRequest, ItemsResult, SearchBody, Signing, StacItem } from './stac-types.js';

/**
 * The items of a build, in the source's order (or sorted by `sortby` for sources that
 * cannot sort), at most `maxItems`. Errors name the page or file that failed.
 */
export async function listItems(req: ItemsRequest): Promise<ItemsResult> {
  const line = new ProgressLine(req.progress === true);
  try {
    const { source, search, maxItems } = req;
    if (source.kind === 'api') return await searchWithProgress(source.url, search, maxItems, line);
    const local = localQuery(search, maxItems);
    if (source.kind === 'geoparquet') {
      const items = await readGeoparquetItems(source.url, source.roles);
      return { items: local.finish(items.filter(local.keep)), pages: 1 };
    }
    const walked = await loadStaticItems(source.url, {
      keep: local.keep,
      maxItems: local.walkLimit,
      onDocument: (docs, items) => line.update(`rasteret_build: ${docs} STAC documents read, ${items} items`),
    });
    // a catalog that links to /search is an API landing page: search it properly
    if (walked.searchRoot) return await searchWithProgress(walked.searchRoot, search, maxItems, line);
    return { items: local.finish(walked.items), pages: walked.pages };
  } finally {
    line.clear();
  }
}

async function searchWithProgress(url: string, search: SearchBody, maxItems: number | undefined, line: ProgressLine): Promise<ItemsResult> {
  return searchApi(url, search, maxItems, (pages, items, matched) =>
    line.update(`rasteret_build: ${pages} search pages, ${items}${matched !== undefined ? ` of ${maxItems !== undefined ? Math.min(maxItems, matched) : matched}` : ''} items`),
  );
}

/** Filtering, sorting and truncation for sources without a search API. */
function localQuery(search: SearchBody, maxItems: number | undefined) {
  const sorted = search.sortby !== undefined && search.sortby.length > 0;
  return {
    keep: itemPredicate(search),
    // sorting needs every item before the first N can be chosen
    walkLimit: sorted ? undefined : maxItems,
    finish: (items: StacItem[]): StacItem[] => (sorted ? sortItems(items, search.sortby ?? []) : items).slice(0, maxItems),
  };
}

const tokenSources = new Map<string, PlanetaryComputerTokens>();

/**
 * Header metadata for every href, concurrently (the I/O layer caps requests in flight);
 * each href's failure is its own outcome, reported under the unsigned href so tokens
 * never reach messages.
 */
export async function readHeaders(req: HeadersRequest): Promise<Outcome<CogMetadata>[]> {
  const line = new ProgressLine(req.progress !== undefined);
  const base = req.progress?.done ?? 0;
  const total = req.progress?.total ?? req.hrefs.length;
  let done = 0;
  try {
    return await Promise.all(req.hrefs.map(async (href, i) => {
      const outcome = await headerOf(href, req.collections[i], req.signing);
      done += 1;
      line.update(`rasteret_build: ${base + done}/${total} headers read`);
      return outcome;
    }));
  } finally {
    line.clear();
  }
}

async function headerOf(href: string, collection: string | undefined, signing: Signing): Promise<Outcome<CogMetadata>> {
  const url = await settle(signedHref(href, collection, signing));
  if (!url.ok) return url;
  const [outcome] = await cogMetadataWave([url.value]);
  if (url.value === href) return outcome;
  // the record keeps the href unsigned, like the assets: a SAS token outlives neither the
  // hour nor a shared Parquet file, and reads sign again as they go (src/io/pc-sas-reader.ts)
  return outcome.ok ? { ok: true, value: { ...outcome.value, href } } : { ok: false, error: { ...outcome.error, url: href } };
}

async function signedHref(href: string, collection: string | undefined, signing: Signing): Promise<string> {
  if (signing.kind === 'none' || collection === undefined) return href;
  let tokens = tokenSources.get(signing.tokenUrl);
  if (!tokens) tokenSources.set(signing.tokenUrl, (tokens = new PlanetaryComputerTokens(signing.tokenUrl, signing.subscriptionKey)));
  const { token } = await tokens.token(collection);
  return signHref(href, token, signing.hostPattern ? hostPattern(signing.hostPattern) : undefined);
}

