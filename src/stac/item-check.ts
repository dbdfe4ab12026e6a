/**
 * Checks that a JSON value is a STAC item rasteret_build can index, so that a broken
 * item fails with its id and page named instead of surfacing later as a TypeError.
 */
import { FormatError } from '../errors.js';
import type { Json, JsonObject, StacAsset, StacItem } from './stac-types.js';

/** Where an item came from, for messages: the page or file URL and the item's position in it. */
export interface ItemPlace {
  readonly url: string;
  /** 0-based index of the item in its page or file. */
  readonly index: number;
  /** What the page is, e.g. "search page 3" or "line 17". */
  readonly where: string;
}

/** True for a JSON object (not an array, not null). */
export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The item `value` as a StacItem, with relative asset hrefs left as they are.
 * @throws FormatError naming the item (its id when it has one) and its page.
 */
export function checkItem(value: Json, place: ItemPlace): StacItem {
  const fail = (problem: string, id?: string): never => {
    const who = id === undefined ? `item ${place.index}` : `item '${id}'`;
    throw new FormatError({ url: place.url, reason: `${who} of ${place.where} is not a valid STAC item: ${problem}`, hint: 'The STAC source serves malformed items; report it to its maintainers, or narrow the search to skip it' });
  };
  if (!isObject(value)) return fail(`expected a JSON object, got ${typeName(value)}`);
  const id = value.id;
  if (typeof id !== 'string' || id === '') return fail(`"id" must be a non-empty string, got ${JSON.stringify(id ?? null)}`);
  if (value.geometry !== null && !isObject(value.geometry)) return fail(`"geometry" must be a GeoJSON object or null, got ${typeName(value.geometry)}`, id);
  const properties = value.properties ?? {};
  if (!isObject(properties)) return fail(`"properties" must be an object, got ${typeName(properties)}`, id);
  const assets = value.assets ?? {};
  if (!isObject(assets)) return fail(`"assets" must be an object, got ${typeName(assets)}`, id);
  for (const [key, a] of Object.entries(assets)) {
    if (!isObject(a) || typeof a.href !== 'string') return fail(`asset '${key}' has no "href" string`, id);
  }
  const bbox = value.bbox;
  if (bbox !== undefined && bbox !== null && !(Array.isArray(bbox) && (bbox.length === 4 || bbox.length === 6) && bbox.every((n) => typeof n === 'number'))) {
    return fail(`"bbox" must be 4 or 6 numbers, got ${JSON.stringify(bbox)}`, id);
  }
  const collection = typeof value.collection === 'string' ? value.collection : undefined;
  return {
    id,
    collection,
    geometry: value.geometry ?? null,
    bbox: Array.isArray(bbox) ? (bbox as number[]) : undefined,
    properties,
    assets: assets as unknown as Record<string, StacAsset>,
  };
}

function typeName(v: Json | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
