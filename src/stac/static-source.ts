/**
 * Items from static STAC: a catalog or collection (its `child` and `item` links walked),
 * a single item, an ItemCollection (its `next` links followed), or newline-delimited
 * items (.ndjson, .jsonl). Relative hrefs, of links and of assets, are resolved against
 * the document they appear in, as the STAC spec says.
 */
import path from 'node:path';
import { FormatError } from '../errors.js';
import { checkItem, isObject } from './item-check.js';
import { parseJson, readText, type FetchedText } from './json-fetch.js';
import type { Json, JsonObject, StacAsset, StacItem } from './stac-types.js';

/** Which items to keep, and when to stop. */
export interface StaticWalk {
  readonly keep: (item: StacItem) => boolean;
  readonly maxItems?: number;
  readonly onDocument?: (documents: number, items: number) => void;
}

/** The items kept and the number of documents read. */
export interface StaticResult {
  readonly items: StacItem[];
  readonly pages: number;
  /** Set when the document is a STAC API landing page: search it instead. */
  readonly searchRoot?: string;
}

/** Documents read at once while walking a catalog. */
const CONCURRENCY = 16;
const NEWLINE_DELIMITED = /\.(ndjson|jsonl|geojsonl|ndgeojson)(\?.*)?$/i;

/**
 * Every item under `url` that `walk.keep` accepts, in document order, stopping once
 * `walk.maxItems` are in.
 * @throws FetchError for a document that cannot be read, FormatError for one that is
 *   not STAC (naming the document and the item).
 */
export async function loadStaticItems(url: string, walk: StaticWalk): Promise<StaticResult> {
  const state: WalkState = { walk, items: [], documents: 0 };
  if (NEWLINE_DELIMITED.test(url)) {
    addItems(state, itemsOfLines(await read(state, url)));
    return { items: state.items, pages: state.documents };
  }
  const doc = parseJson(await read(state, url), 'the STAC document');
  const searchRoot = apiRootOf(doc, url);
  if (searchRoot) return { items: [], pages: state.documents, searchRoot };
  await visit(state, doc, url, undefined);
  return { items: state.items, pages: state.documents };
}

interface WalkState {
  readonly walk: StaticWalk;
  readonly items: StacItem[];
  documents: number;
}

function full(state: WalkState): boolean {
  return state.walk.maxItems !== undefined && state.items.length >= state.walk.maxItems;
}

async function read(state: WalkState, url: string): Promise<FetchedText> {
  const doc = await readText(url);
  state.documents += 1;
  state.walk.onDocument?.(state.documents, state.items.length);
  return doc;
}

function addItems(state: WalkState, items: readonly StacItem[]): void {
  for (const item of items) {
    if (full(state)) return;
    if (state.walk.keep(item)) state.items.push(item);
  }
}

/** Visits one parsed document: an item, an ItemCollection, or a catalog/collection to walk. */
async function visit(state: WalkState, doc: Json, url: string, collection: string | undefined): Promise<void> {
  if (!isObject(doc)) throw notStac(url, 'it is not a JSON object');
  if (doc.type === 'Feature') return addItems(state, [toItem(doc, url, 0, 'the item file', collection)]);
  if (doc.type === 'FeatureCollection') return visitFeatures(state, doc, url, collection);
  if (doc.type !== 'Catalog' && doc.type !== 'Collection') throw notStac(url, `its "type" is ${JSON.stringify(doc.type ?? null)}`);
  const owner = doc.type === 'Collection' && typeof doc.id === 'string' ? doc.id : collection;
  const itemLinks = linksOf(doc, 'item', url);
  for (let i = 0; i < itemLinks.length && !full(state); i += CONCURRENCY) {
    const batch = await Promise.all(itemLinks.slice(i, i + CONCURRENCY).map(async (link) => toItem(parseJson(await read(state, link), 'the item'), link, 0, 'the item file', owner)));
    addItems(state, batch);
  }
  for (const child of linksOf(doc, 'child', url)) {
    if (full(state)) return;
    await visit(state, parseJson(await read(state, child), 'the child catalog'), child, owner);
  }
}

async function visitFeatures(state: WalkState, doc: JsonObject, url: string, collection: string | undefined): Promise<void> {
  let page: JsonObject = doc;
  let pageUrl = url;
  for (let n = 1; ; n++) {
    const features = Array.isArray(page.features) ? page.features : [];
    addItems(state, features.map((f, i) => toItem(f, pageUrl, i, `ItemCollection page ${n}`, collection)));
    const next = full(state) ? undefined : linksOf(page, 'next', pageUrl)[0];
    if (!next || next === pageUrl) return;
    const parsed = parseJson(await read(state, next), `ItemCollection page ${n + 1}`);
    if (!isObject(parsed)) throw notStac(next, 'it is not a JSON object');
    page = parsed;
    pageUrl = next;
  }
}

function itemsOfLines(doc: FetchedText): StacItem[] {
  const items: StacItem[] = [];
  doc.text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `line ${i + 1}`;
    items.push(toItem(parseJson({ url: doc.url, text: line }, where), doc.url, items.length, where, undefined));
  });
  return items;
}

/** A checked item with absolute asset hrefs and its collection filled in from its parent. */
function toItem(value: Json, url: string, index: number, where: string, collection: string | undefined): StacItem {
  const item = checkItem(value, { url, index, where });
  const assets: Record<string, StacAsset> = {};
  for (const [key, a] of Object.entries(item.assets)) assets[key] = { ...a, href: resolveHref(a.href, url) };
  return { ...item, collection: item.collection ?? collection, assets };
}

/** The absolute hrefs of a document's links with relation `rel`. */
function linksOf(doc: JsonObject, rel: string, base: string): string[] {
  const links = Array.isArray(doc.links) ? doc.links : [];
  return links.filter((l): l is JsonObject => isObject(l) && l.rel === rel && typeof l.href === 'string').map((l) => resolveHref(l.href as string, base));
}

/** The root of the STAC API a landing page describes (it links to /search), if it is one. */
function apiRootOf(doc: Json, url: string): string | undefined {
  if (!isObject(doc)) return undefined;
  const search = linksOf(doc, 'search', url)[0];
  return search ? search.replace(/\/search\/?(\?.*)?$/, '') : undefined;
}

/**
 * `href` made absolute against the document at `base`: URLs (http, s3, file) resolve as
 * URLs, local paths against the document's folder; absolute hrefs are kept.
 */
export function resolveHref(href: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !/^[a-z]:[\\/]/i.test(href)) return href;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(base) || base.startsWith('file:')) return new URL(href, base).href;
  return path.isAbsolute(href) ? href : path.resolve(path.dirname(base), href);
}

function notStac(url: string, why: string): FormatError {
  return new FormatError({ url, reason: `not a STAC catalog, collection, item or ItemCollection: ${why}`, hint: 'Pass a STAC API root, a catalog.json/collection.json, an item or ItemCollection JSON, .ndjson items or a stac-geoparquet file' });
}
