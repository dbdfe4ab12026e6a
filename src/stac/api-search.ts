/**
 * STAC API item search with the spec's paging: POST {root}/search, then follow every
 * `rel: next` link until there is none (a POST link's `body` is merged into the previous
 * body when `merge` is true; a GET link is fetched as it is). Covers stac-server's
 * `next` tokens and pgstac's `token`s alike, because both travel in the links.
 */
import { FetchError, FormatError } from '../errors.js';
import { fetchJson, type JsonRequest } from './json-fetch.js';
import { checkItem, isObject } from './item-check.js';
import { searchQueryString } from './search-request.js';
import type { Json, JsonObject, SearchBody, StacItem, StacLink } from './stac-types.js';

/** Called after each page with the pages and items so far, and the total the API announced if any. */
export type PageListener = (pages: number, items: number, matched: number | undefined) => void;

/** The items found and the number of search requests it took. */
export interface SearchResult {
  readonly items: StacItem[];
  readonly pages: number;
}

/** A server that keeps linking to empty pages would page forever: stop after this many in a row. */
const MAX_EMPTY_PAGES = 3;

/**
 * Every item of a search, in the API's order, without duplicates (a collection id plus
 * item id seen twice is kept once). Stops fetching pages once `maxItems` items are in.
 * Falls back to GET when the API refuses POST (405).
 * @throws FetchError naming the page URL after retries; FormatError for a page that is
 *   not a FeatureCollection, an item that is not valid STAC, or a paging loop.
 */
export async function searchApi(root: string, body: SearchBody, maxItems?: number, onPage?: PageListener): Promise<SearchResult> {
  const items: StacItem[] = [];
  const seenItems = new Set<string>();
  const seenRequests = new Set<string>();
  let req: JsonRequest | undefined = { url: `${root.replace(/\/+$/, '')}/search`, method: 'POST', body: body as unknown as Json };
  let pages = 0;
  let empty = 0;
  while (req && (maxItems === undefined || items.length < maxItems)) {
    const key = JSON.stringify([req.method, req.url, req.body]);
    if (seenRequests.has(key)) throw pagingLoop(req.url, pages);
    seenRequests.add(key);
    const page = await fetchPage(req, pages + 1);
    pages += 1;
    const before = items.length;
    for (const item of page.items) {
      const id = `${item.collection ?? ''}\u0000${item.id}`;
      if (seenItems.has(id)) continue;
      seenItems.add(id);
      items.push(item);
      if (maxItems !== undefined && items.length >= maxItems) break;
    }
    empty = items.length === before ? empty + 1 : 0;
    if (empty >= MAX_EMPTY_PAGES) break;
    onPage?.(pages, items.length, page.matched);
    req = page.next ? nextRequest(req, page.next) : undefined;
    // the first request decides POST or GET; a GET search is retried the same way
    if (req && page.usedGet && req.method === 'POST') req = asGet(req);
  }
  return { items, pages };
}

interface Page {
  readonly items: StacItem[];
  readonly next?: StacLink;
  readonly matched?: number;
  readonly usedGet: boolean;
}

async function fetchPage(req: JsonRequest, n: number): Promise<Page> {
  const what = `search page ${n}`;
  let usedGet = req.method === 'GET';
  let doc: Json;
  try {
    doc = await fetchJson(req, what);
  } catch (e) {
    // some APIs (and static hosts) only answer GET /search
    if (!(e instanceof FetchError && e.status === 405 && req.method === 'POST')) throw e;
    usedGet = true;
    doc = await fetchJson(asGet(req), what);
  }
  if (!isObject(doc) || !Array.isArray(doc.features)) {
    throw new FormatError({ url: req.url, reason: `${what} is not a GeoJSON FeatureCollection (no "features" array)`, hint: 'Check that the source URL is the root of a STAC API' });
  }
  const items = doc.features.map((f, index) => checkItem(f, { url: req.url, index, where: what }));
  const matched = numberOf(doc.numberMatched) ?? (isObject(doc.context) ? numberOf(doc.context.matched) : undefined);
  return { items, next: nextLink(doc, req.url), matched, usedGet };
}

function numberOf(v: Json | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** The page's `rel: next` link, with its href made absolute against the page URL. */
function nextLink(doc: JsonObject, pageUrl: string): StacLink | undefined {
  const links = Array.isArray(doc.links) ? doc.links : [];
  const link = links.find((l) => isObject(l) && l.rel === 'next' && typeof l.href === 'string') as JsonObject | undefined;
  if (!link) return undefined;
  return {
    rel: 'next',
    href: new URL(link.href as string, pageUrl).href,
    method: typeof link.method === 'string' ? link.method.toUpperCase() : undefined,
    body: isObject(link.body) ? link.body : undefined,
    merge: link.merge === true,
    headers: isObject(link.headers) ? (link.headers as Record<string, string>) : undefined,
  };
}

/** The request a next link describes (STAC API paging: GET by default, POST with body and merge). */
export function nextRequest(prev: JsonRequest, link: StacLink): JsonRequest {
  if (link.method !== 'POST') return { url: link.href, method: 'GET', headers: link.headers };
  const prevBody = isObject(prev.body as Json) ? (prev.body as JsonObject) : {};
  const body = link.merge ? { ...prevBody, ...link.body } : (link.body ?? prevBody);
  return { url: link.href, method: 'POST', body, headers: link.headers };
}

function asGet(req: JsonRequest): JsonRequest {
  const qs = searchQueryString((req.body ?? {}) as JsonObject);
  return { url: qs ? `${req.url}${req.url.includes('?') ? '&' : '?'}${qs}` : req.url, method: 'GET', headers: req.headers };
}

function pagingLoop(url: string, pages: number): FormatError {
  return new FormatError({ url, reason: `the API sent the same next link again after ${pages} pages`, hint: 'The API is paging in a loop; use max_items to stop early, or report it to its maintainers' });
}
