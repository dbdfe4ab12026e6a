/**
 * GeoJSON (RFC 7946) geometry objects: a reader that also takes a Feature or a
 * FeatureCollection, and a writer that prints what DuckDB spatial's ST_AsGeoJSON prints.
 */
import { InputError } from '../errors.js';
import { EMPTY_POSITION, isEmptyPosition, type Geometry, type Position, type Ring } from './geometry.js';

// Same limit as the WKB reader: deeper nesting would overflow the stack
const MAX_DEPTH = 64;

/**
 * Reads a GeoJSON geometry, given as JSON text or as an already parsed value. A Feature
 * gives its geometry; a FeatureCollection gives its one geometry, or a
 * GeometryCollection of all of them. Coordinates beyond x and y (altitude) are dropped;
 * `"coordinates": []` is an empty point.
 * @throws InputError naming the JSON path that is wrong (bad JSON, unknown type, a
 *   position that is not numbers, a Feature without geometry).
 */
export function parseGeoJson(input: string | unknown): Geometry {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new InputError({ reason: `invalid GeoJSON: ${(e as Error).message}`, hint: GEOJSON_HINT, cause: e });
    }
  }
  return readObject(value, '$', 0);
}

const GEOJSON_HINT = 'Pass a geometry object like {"type":"Point","coordinates":[1,2]}, a Feature or a FeatureCollection';

function fail(path: string, what: string): InputError {
  return new InputError({ reason: `invalid GeoJSON at ${path}: ${what}`, hint: GEOJSON_HINT });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readObject(v: unknown, path: string, depth: number): Geometry {
  if (depth > MAX_DEPTH) throw fail(path, `nesting deeper than ${MAX_DEPTH}`);
  if (!isObject(v)) throw fail(path, 'expected an object with a "type"');
  switch (v.type) {
    case 'Feature':
      if (v.geometry === null || v.geometry === undefined) throw fail(`${path}.geometry`, 'the Feature has no geometry');
      return readObject(v.geometry, `${path}.geometry`, depth + 1);
    case 'FeatureCollection':
      return readFeatures(v.features, `${path}.features`, depth);
    case 'GeometryCollection': {
      const list = arrayAt(v.geometries, `${path}.geometries`);
      return { type: 'GeometryCollection', geometries: list.map((g, i) => readObject(g, `${path}.geometries[${i}]`, depth + 1)) };
    }
    default:
      return readSimple(v, path);
  }
}

function readFeatures(features: unknown, path: string, depth: number): Geometry {
  const list = arrayAt(features, path);
  const geometries = list.map((f, i) => {
    if (!isObject(f) || f.type !== 'Feature') throw fail(`${path}[${i}]`, 'expected a Feature');
    return readObject(f, `${path}[${i}]`, depth + 1);
  });
  return geometries.length === 1 ? geometries[0] : { type: 'GeometryCollection', geometries };
}

function readSimple(v: Record<string, unknown>, path: string): Geometry {
  const c = v.coordinates;
  const at = `${path}.coordinates`;
  switch (v.type) {
    case 'Point':
      return { type: 'Point', coordinates: arrayAt(c, at).length === 0 ? EMPTY_POSITION : position(c, at) };
    case 'LineString':
      return { type: 'LineString', coordinates: positions(c, at) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: rings(c, at) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: positions(c, at) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: rings(c, at) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: arrayAt(c, at).map((p, i) => rings(p, `${at}[${i}]`)) };
    default:
      throw fail(`${path}.type`, `unknown type ${JSON.stringify(v.type)} (expected Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon, GeometryCollection, Feature or FeatureCollection)`);
  }
}

function arrayAt(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw fail(path, 'expected an array');
  return v;
}

function position(v: unknown, path: string): Position {
  const a = arrayAt(v, path);
  if (a.length < 2 || !a.every((n) => typeof n === 'number')) throw fail(path, 'expected a position [x, y] of numbers');
  return [a[0] as number, a[1] as number];
}

function positions(v: unknown, path: string): Position[] {
  return arrayAt(v, path).map((p, i) => position(p, `${path}[${i}]`));
}

function rings(v: unknown, path: string): Ring[] {
  return arrayAt(v, path).map((r, i) => positions(r, `${path}[${i}]`));
}

/**
 * Formats a number as yyjson does inside ST_AsGeoJSON: ECMAScript's shortest text, with
 * `.0` kept on integral values, `-0.0` for negative zero and no `+` in exponents.
 * JSON has no NaN or Infinity, so those become `null` (JSON.stringify's choice).
 */
export function formatGeoJsonNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const s = String(n).replace('e+', 'e');
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function formatPosition(p: Position): string {
  return `[${formatGeoJsonNumber(p[0])},${formatGeoJsonNumber(p[1])}]`;
}

function formatPositions(ps: readonly Position[]): string {
  return `[${ps.map(formatPosition).join(',')}]`;
}

function formatRings(rs: readonly Ring[]): string {
  return `[${rs.map(formatPositions).join(',')}]`;
}

function formatCoordinates(g: Exclude<Geometry, { type: 'GeometryCollection' }>): string {
  switch (g.type) {
    case 'Point':
      return isEmptyPosition(g.coordinates) ? '[]' : formatPosition(g.coordinates);
    case 'LineString':
      return formatPositions(g.coordinates);
    case 'MultiPoint':
      // ST_AsGeoJSON leaves empty members out: GeoJSON has no empty position inside a MultiPoint
      return formatPositions(g.coordinates.filter((p) => !isEmptyPosition(p)));
    case 'Polygon':
    case 'MultiLineString':
      return formatRings(g.coordinates);
    case 'MultiPolygon':
      return `[${g.coordinates.map(formatRings).join(',')}]`;
  }
}

/**
 * Writes a geometry as a GeoJSON geometry object, character for character what DuckDB
 * spatial's ST_AsGeoJSON returns (compact, `"type"` first, `1.0` for integral values).
 */
export function toGeoJson(g: Geometry): string {
  if (g.type === 'GeometryCollection') {
    return `{"type":"GeometryCollection","geometries":[${g.geometries.map(toGeoJson).join(',')}]}`;
  }
  return `{"type":"${g.type}","coordinates":${formatCoordinates(g)}}`;
}
