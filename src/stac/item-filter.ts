/**
 * The item-search filters applied locally, for sources that cannot search (static
 * catalogs, files): collections, ids, bbox and intersects (exact planar intersection in
 * lon/lat, like a STAC API), datetime intervals (an item's range counts when it overlaps),
 * the query extension's operators and a CQL2-JSON subset (cql2-filter.ts).
 */
import { InputError } from '../errors.js';
import { boundsToPolygon } from '../geo/bounds.js';
import { parseGeoJson } from '../geo/geojson.js';
import type { Geometry } from '../geo/geometry.js';
import { intersects } from '../geo/predicates.js';
import { compareValues, evaluateCql2, propertyOf } from './cql2-filter.js';
import { isObject } from './item-check.js';
import type { Json, JsonObject, SearchBody, SortKey, StacItem } from './stac-types.js';

/** A predicate equivalent to what a STAC API would do with `body`. Throws InputError for filters it cannot evaluate. */
export function itemPredicate(body: SearchBody): (item: StacItem) => boolean {
  const collections = body.collections ? new Set(body.collections) : undefined;
  const ids = body.ids ? new Set(body.ids) : undefined;
  const area = searchArea(body);
  const interval = body.datetime ? parseInterval(body.datetime) : undefined;
  const query = body.query;
  const filter = body.filter;
  return (item) =>
    (!collections || (item.collection !== undefined && collections.has(item.collection))) &&
    (!ids || ids.has(item.id)) &&
    (!area || (item.geometry !== null && intersects(parseGeoJson(item.geometry), area))) &&
    (!interval || overlaps(itemInterval(item), interval)) &&
    (!query || matchesQuery(item, query)) &&
    (!filter || evaluateCql2(item, filter));
}

function searchArea(body: SearchBody): Geometry | undefined {
  if (body.intersects) return parseGeoJson(body.intersects);
  if (!body.bbox) return undefined;
  const b = body.bbox.length === 6 ? [body.bbox[0], body.bbox[1], body.bbox[3], body.bbox[4]] : body.bbox;
  return boundsToPolygon({ xmin: b[0], ymin: b[1], xmax: b[2], ymax: b[3] });
}

type Interval = readonly [number, number];

/** '..' and empty ends are open; instants are compared in milliseconds. */
function parseInterval(text: string): Interval {
  const [a, b = a] = text.split('/');
  const t = (s: string, open: number) => (s === '' || s === '..' ? open : Date.parse(s));
  return [t(a, -Infinity), t(b, Infinity)];
}

function itemInterval(item: StacItem): Interval | undefined {
  const p = item.properties;
  if (typeof p.datetime === 'string') return [Date.parse(p.datetime), Date.parse(p.datetime)];
  const start = typeof p.start_datetime === 'string' ? Date.parse(p.start_datetime) : -Infinity;
  const end = typeof p.end_datetime === 'string' ? Date.parse(p.end_datetime) : Infinity;
  return start === -Infinity && end === Infinity ? undefined : [start, end];
}

function overlaps(a: Interval | undefined, b: Interval): boolean {
  return a !== undefined && a[0] <= b[1] && a[1] >= b[0];
}

/** The query extension: {property: {op: value}}, every condition must hold. */
function matchesQuery(item: StacItem, query: JsonObject): boolean {
  return Object.entries(query).every(([name, conds]) => {
    const v = propertyOf(item, name);
    const ops = isObject(conds) ? conds : { eq: conds };
    return Object.entries(ops).every(([op, arg]) => queryOp(op, v, arg));
  });
}

function queryOp(op: string, v: Json | undefined, arg: Json): boolean {
  switch (op) {
    case 'eq': return compareValues(v, arg) === 0;
    case 'neq': return compareValues(v, arg) !== 0;
    case 'lt': return (compareValues(v, arg) ?? 0) < 0;
    case 'lte': return (compareValues(v, arg) ?? 1) <= 0;
    case 'gt': return (compareValues(v, arg) ?? 0) > 0;
    case 'gte': return (compareValues(v, arg) ?? -1) >= 0;
    case 'in': return Array.isArray(arg) && arg.some((a) => compareValues(v, a) === 0);
    case 'startsWith': return typeof v === 'string' && typeof arg === 'string' && v.startsWith(arg);
    case 'endsWith': return typeof v === 'string' && typeof arg === 'string' && v.endsWith(arg);
    case 'contains': return (typeof v === 'string' && typeof arg === 'string' && v.includes(arg)) || (Array.isArray(v) && v.some((x) => compareValues(x, arg) === 0));
    default:
      throw new InputError({ reason: `query operator '${op}' is not supported for static sources`, hint: 'Use eq, neq, lt, lte, gt, gte, in, startsWith, endsWith or contains' });
  }
}

/** Sorts items by STAC sort keys (missing values last), keeping source order between equals. */
export function sortItems(items: readonly StacItem[], keys: readonly SortKey[]): StacItem[] {
  const value = (item: StacItem, field: string): Json | undefined => propertyOf(item, field.replace(/^properties\./, ''));
  return [...items].sort((a, b) => {
    for (const k of keys) {
      const va = value(a, k.field);
      const vb = value(b, k.field);
      if (va === undefined || va === null || vb === undefined || vb === null) {
        if (va !== vb) return va === undefined || va === null ? 1 : -1;
        continue;
      }
      const c = compareValues(va, vb) ?? 0;
      if (c !== 0) return k.direction === 'desc' ? -c : c;
    }
    return 0;
  });
}
