/**
 * A CQL2-JSON evaluator for the subset STAC clients send (Basic CQL2 plus s_intersects,
 * between, in, isNull and like), used where no API evaluates the filter. Property values
 * that look like RFC 3339 instants compare as times, as a STAC API compares datetime.
 */
import { InputError } from '../errors.js';
import { parseGeoJson } from '../geo/geojson.js';
import { intersects } from '../geo/predicates.js';
import { isObject } from './item-check.js';
import type { Json, JsonObject, StacItem } from './stac-types.js';

/** An item's value for a queryable: id, collection, geometry or a property. */
export function propertyOf(item: StacItem, name: string): Json | undefined {
  if (name === 'id') return item.id;
  if (name === 'collection') return item.collection;
  if (name === 'geometry') return item.geometry;
  return item.properties[name];
}

const INSTANT = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * -1, 0 or 1 comparing two values (numbers, strings, booleans; instants by time), or
 * undefined when they cannot be compared (a missing value, or different kinds).
 */
export function compareValues(a: Json | undefined, b: Json | undefined): number | undefined {
  if (a === undefined || a === null || b === undefined || b === null) return undefined;
  if (typeof a === 'string' && typeof b === 'string' && INSTANT.test(a) && INSTANT.test(b)) {
    return Math.sign(Date.parse(a) - Date.parse(b));
  }
  if (typeof a !== typeof b || typeof a === 'object') return undefined;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `item` matches the CQL2-JSON expression `e`. Throws InputError for operators outside the subset. */
export function evaluateCql2(item: StacItem, e: Json): boolean {
  if (!isObject(e) || typeof e.op !== 'string') throw unsupported(`expected {"op": ..., "args": [...]}, got ${JSON.stringify(e)}`);
  const op = e.op.toLowerCase();
  const args = Array.isArray(e.args) ? e.args : [];
  const val = (a: Json): Json | undefined => valueOf(item, a);
  switch (op) {
    case 'and': return args.every((a) => evaluateCql2(item, a));
    case 'or': return args.some((a) => evaluateCql2(item, a));
    case 'not': return !evaluateCql2(item, args[0]);
    case '=': return compareValues(val(args[0]), val(args[1])) === 0;
    case '<>': return compareValues(val(args[0]), val(args[1])) !== 0;
    case '<': return (compareValues(val(args[0]), val(args[1])) ?? 0) < 0;
    case '<=': return (compareValues(val(args[0]), val(args[1])) ?? 1) <= 0;
    case '>': return (compareValues(val(args[0]), val(args[1])) ?? 0) > 0;
    case '>=': return (compareValues(val(args[0]), val(args[1])) ?? -1) >= 0;
    case 'isnull': return val(args[0]) === undefined || val(args[0]) === null;
    case 'in': return Array.isArray(args[1]) && args[1].some((x) => compareValues(val(args[0]), val(x)) === 0);
    case 'between': return (compareValues(val(args[0]), val(args[1])) ?? -1) >= 0 && (compareValues(val(args[0]), val(args[2])) ?? 1) <= 0;
    case 'like': return like(val(args[0]), val(args[1]));
    case 's_intersects': return spatial(val(args[0]), val(args[1]));
    default: throw unsupported(`operator '${e.op}'`);
  }
}

/** A literal, a {property} reference, or a {timestamp}/{date}/{interval} literal. */
function valueOf(item: StacItem, a: Json): Json | undefined {
  if (!isObject(a)) return a;
  if (typeof a.property === 'string') return propertyOf(item, a.property.replace(/^properties\./, ''));
  if (typeof a.timestamp === 'string') return a.timestamp;
  if (typeof a.date === 'string') return a.date;
  return a;
}

function like(v: Json | undefined, pattern: Json | undefined): boolean {
  if (typeof v !== 'string' || typeof pattern !== 'string') return false;
  const re = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${re}$`, 's').test(v);
}

function spatial(a: Json | undefined, b: Json | undefined): boolean {
  if (!isObject(a) || !isObject(b)) return false;
  return intersects(parseGeoJson(bboxAsPolygon(a)), parseGeoJson(bboxAsPolygon(b)));
}

/** CQL2's {"bbox": [...]} literal as a GeoJSON polygon; other geometries pass through. */
function bboxAsPolygon(g: JsonObject): JsonObject {
  if (!Array.isArray(g.bbox)) return g;
  const [x0, y0, x1, y1] = (g.bbox.length === 6 ? [g.bbox[0], g.bbox[1], g.bbox[3], g.bbox[4]] : g.bbox) as number[];
  return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
}

function unsupported(what: string): InputError {
  return new InputError({
    reason: `filter: ${what} is not supported for static sources`,
    hint: 'Supported: and, or, not, =, <>, <, <=, >, >=, isNull, in, between, like, s_intersects; or filter the result in SQL',
  });
}
