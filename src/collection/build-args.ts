/**
 * rasteret_build's arguments, checked and turned into a search request before any I/O.
 * Every mistake is an InputError that names the argument and shows the right form.
 */
import { InputError } from '../errors.js';
import { toGeoJson } from '../geo/geojson.js';
import { parseWkb } from '../geo/wkb.js';
import { datetimeInterval, parseSortby } from '../stac/search-request.js';
import type { Json, JsonObject, SearchBody } from '../stac/stac-types.js';
import { resolveBands, resolveSource, type BandSpec, type ResolvedSource } from './source.js';

/** What to do with an item whose band header cannot be read. */
export type OnError = 'fail' | 'skip' | 'null';
const ON_ERROR: readonly OnError[] = ['fail', 'skip', 'null'];

/** A checked build request. */
export interface BuildPlan {
  readonly source: ResolvedSource;
  readonly search: SearchBody;
  readonly maxItems?: number;
  readonly bands: readonly BandSpec[];
  readonly onError: OnError;
}

/** Named arguments as the adapter receives them (JS values, absent when not given). */
export type NamedArgs = Readonly<Record<string, unknown>>;

/** Items per search page unless page_size says otherwise: pystac-client's 100 is slow on big builds, 1000 is PC's cap. */
export const DEFAULT_PAGE_SIZE = 250;

/**
 * The plan for `rasteret_build(source, ...named)`.
 * @throws InputError for any malformed argument.
 */
export function planBuild(source: unknown, named: NamedArgs): BuildPlan {
  if (typeof source !== 'string' || source.trim() === '') {
    throw new InputError({ reason: 'the source must be a catalog id, a STAC API URL or a STAC file', hint: "e.g. rasteret_build('earthsearch/sentinel-2-l2a', bbox := [...])" });
  }
  const resolved = resolveSource(source, optString(named.stac_api, 'stac_api'));
  const query = jsonObject(named.query, 'query');
  // Rasteret's spelling: max_items inside query
  const queryMax = query && typeof query.max_items === 'number' ? query.max_items : undefined;
  if (query) delete query.max_items;
  const maxItems = positiveInt(named.max_items ?? queryMax, 'max_items');
  const collections = collectionsOf(named, resolved);
  const search: SearchBody = {
    ...(collections ? { collections } : {}),
    ...(named.ids !== undefined ? { ids: stringList(named.ids, 'ids') } : {}),
    ...spatialFilter(named),
    ...(named.date_range !== undefined ? { datetime: datetimeInterval(stringList(named.date_range, 'date_range', true)) } : {}),
    ...(query && Object.keys(query).length > 0 ? { query } : {}),
    ...filterOf(named.filter),
    ...(named.sortby !== undefined ? { sortby: parseSortby(optString(named.sortby, 'sortby') ?? '') } : {}),
    limit: Math.min(maxItems ?? Infinity, positiveInt(named.page_size, 'page_size') ?? DEFAULT_PAGE_SIZE),
  };
  const bands = resolveBands(named.bands === undefined ? undefined : stringList(named.bands, 'bands'), resolved.dataset);
  return { source: resolved, search, maxItems, bands, onError: onErrorOf(named.on_error) };
}

function collectionsOf(named: NamedArgs, resolved: ResolvedSource): string[] | undefined {
  const given = [...(named.collection !== undefined ? [optString(named.collection, 'collection') ?? ''] : []), ...(named.collections !== undefined ? stringList(named.collections, 'collections') : [])];
  if (given.length > 0) return given;
  return resolved.collections ? [...resolved.collections] : undefined;
}

function spatialFilter(named: NamedArgs): Pick<SearchBody, 'bbox' | 'intersects'> {
  if (named.bbox !== undefined && named.intersects !== undefined) {
    throw new InputError({ reason: 'bbox and intersects cannot both be given (STAC item search takes one)', hint: 'Keep intersects, or drop it and keep bbox' });
  }
  if (named.intersects !== undefined) {
    if (!(named.intersects instanceof Uint8Array)) throw new InputError({ reason: 'intersects must be a GEOMETRY', hint: "Write intersects := ST_GeomFromText('POLYGON ((...))')" });
    return { intersects: JSON.parse(toGeoJson(parseWkb(named.intersects))) as JsonObject };
  }
  if (named.bbox === undefined) return {};
  const b = named.bbox as unknown[];
  if (!Array.isArray(b) || b.length !== 4 || !b.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new InputError({ reason: `bbox must be 4 numbers [xmin, ymin, xmax, ymax] in degrees, got ${JSON.stringify(b)}`, hint: 'Write bbox := [-105.3, 40.0, -105.0, 40.2]' });
  }
  const [x0, y0, x1, y1] = b as number[];
  if (y0 > y1 || Math.abs(x0) > 180 || Math.abs(x1) > 180 || Math.abs(y0) > 90 || Math.abs(y1) > 90) {
    throw new InputError({ reason: `bbox ${JSON.stringify(b)} is not [xmin, ymin, xmax, ymax] in longitude/latitude`, hint: 'STAC searches take EPSG:4326 degrees, south below north; xmin > xmax crosses the antimeridian' });
  }
  return { bbox: [x0, y0, x1, y1] };
}

/** A JSON object from JSON text (the macro passes structs as to_json text, maybe doubly encoded). */
function jsonObject(value: unknown, name: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  let v: Json = value as Json;
  for (let depth = 0; typeof v === 'string' && depth < 2; depth++) {
    try {
      v = JSON.parse(v) as Json;
    } catch (e) {
      throw new InputError({ reason: `${name} is not valid JSON (${(e as Error).message})`, hint: `Write ${name} as a struct, e.g. {'eo:cloud_cover': {'lt': 20}}, or as JSON text` });
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new InputError({ reason: `${name} must be an object, got ${JSON.stringify(v)}`, hint: `e.g. ${name} := {'eo:cloud_cover': {'lt': 20}}` });
  }
  return v;
}

function filterOf(value: unknown): Pick<SearchBody, 'filter' | 'filter-lang'> {
  const filter = jsonObject(value, 'filter');
  if (!filter) return {};
  if (typeof filter.op !== 'string') throw new InputError({ reason: 'filter must be a CQL2-JSON expression with an "op"', hint: `e.g. filter := '{"op": "<", "args": [{"property": "eo:cloud_cover"}, 10]}'` });
  return { filter, 'filter-lang': 'cql2-json' };
}

function onErrorOf(value: unknown): OnError {
  if (value === undefined || value === null) return 'fail';
  if (typeof value === 'string' && (ON_ERROR as readonly string[]).includes(value.toLowerCase())) return value.toLowerCase() as OnError;
  throw new InputError({ reason: `on_error must be 'fail', 'skip' or 'null', got ${JSON.stringify(value)}`, hint: "'skip' drops items whose header cannot be read, 'null' keeps them with a NULL {band}_metadata" });
}

function optString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InputError({ reason: `${name} must be text, got ${JSON.stringify(value)}` });
  return value;
}

function stringList(value: unknown, name: string, allowNull = false): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || (allowNull && v === null))) {
    throw new InputError({ reason: `${name} must be a list of text values, got ${JSON.stringify(value)}`, hint: `Write ${name} := ['a', 'b']` });
  }
  return value as string[];
}

function positiveInt(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new InputError({ reason: `${name} must be a positive integer, got ${String(value)}` });
  return n;
}
