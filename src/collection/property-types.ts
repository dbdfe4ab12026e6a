/**
 * The SQL type of each STAC property column, inferred from every item's value so the
 * schema is known at bind time. JSON has one number type, so integer-looking values are
 * typed by what the property means: fields that are measurements (cloud cover, angles,
 * percentages, gsd) stay DOUBLE even when every value happens to be whole, and codes
 * (proj:epsg, mgrs:utm_zone, orbits) are INTEGER.
 */
import type { Json } from '../stac/stac-types.js';

/** How a property column is typed and written. */
export type PropertyType = 'boolean' | 'integer' | 'bigint' | 'double' | 'varchar' | 'json';

/** Properties that are integers by definition (their extension schemas say "integer"). */
const INTEGER_FIELDS = new Set([
  'proj:epsg', 'mgrs:utm_zone', 'sat:relative_orbit', 'sat:absolute_orbit', 'landsat:wrs_path', 'landsat:wrs_row',
  'landsat:collection_number', 's2:sequence', 'sar:looks_range', 'sar:looks_azimuth', 'view:sun_elevation_count',
]);

/** Measurements: DOUBLE even when all values are whole (eo:cloud_cover is 0 on clear days). */
const DOUBLE_FIELD = /cloud|cover|percent|angle|azimuth|elevation|incidence|zenith|gsd|resolution|offset|scale|temperature|^view:|^sun_/i;

const INT32_MAX = 2 ** 31 - 1;

/** The kind of one JSON value, or undefined for null. */
function kindOf(v: Json): PropertyType | undefined {
  if (v === null) return undefined;
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'varchar';
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return 'double';
    return Math.abs(v) > INT32_MAX ? 'bigint' : 'integer';
  }
  return 'json';
}

/** The narrowest type holding both kinds: integers widen to BIGINT then DOUBLE; mixed kinds become JSON. */
function widen(a: PropertyType | undefined, b: PropertyType | undefined): PropertyType | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  const numeric = ['integer', 'bigint', 'double'];
  if (numeric.includes(a) && numeric.includes(b)) return numeric[Math.max(numeric.indexOf(a), numeric.indexOf(b))] as PropertyType;
  return 'json';
}

/**
 * The type of property `name` given all its values (missing values are NULLs). A property
 * that is NULL everywhere is VARCHAR.
 */
export function propertyType(name: string, values: readonly (Json | undefined)[]): PropertyType {
  let t: PropertyType | undefined;
  for (const v of values) if (v !== undefined) t = widen(t, kindOf(v));
  if (t === undefined) return INTEGER_FIELDS.has(name) ? 'integer' : 'varchar';
  if (t === 'integer' || t === 'bigint') {
    if (DOUBLE_FIELD.test(name) && !INTEGER_FIELDS.has(name)) return 'double';
  }
  return t;
}

/**
 * A property value as its column writes it; a value its column cannot hold exactly (a
 * string in a number column cannot happen: mixed kinds are JSON) is written as JSON text.
 */
export function propertyValue(type: PropertyType, v: Json | undefined): unknown {
  if (v === undefined || v === null) return null;
  switch (type) {
    case 'bigint': return BigInt(v as number);
    case 'json': return JSON.stringify(v);
    default: return v;
  }
}
