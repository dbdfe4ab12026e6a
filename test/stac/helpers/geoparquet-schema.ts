/**
 * The rules of the GeoParquet 1.1.0 metadata JSON schema (opengeospatial/geoparquet,
 * format-specs/schema.json), written out as checks: each returns the violations of one
 * `geo` metadata value. Kept beside the tests because no JSON-schema validator is a
 * dependency; every rule names the schema property it comes from.
 */

type Obj = Record<string, unknown>;

const GEOMETRY_TYPE = /^(GeometryCollection|(Multi)?(Point|LineString|Polygon))( Z)?$/;
/** Semantic versions of the 1.x line ("version": pattern in the schema). */
const VERSION = /^1\.\d+\.\d+(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every way `geo` breaks the GeoParquet 1.1 schema; [] when it conforms. `columns` are the file's column names. */
export function geoParquetViolations(geo: unknown, fileColumns: readonly string[]): string[] {
  const out: string[] = [];
  if (!isObj(geo)) return ['metadata: must be an object'];
  for (const key of ['version', 'primary_column', 'columns']) if (!(key in geo)) out.push(`required: ${key}`);
  if (typeof geo.version !== 'string' || !VERSION.test(geo.version)) out.push(`version: must match ${VERSION}, got ${JSON.stringify(geo.version)}`);
  if (typeof geo.primary_column !== 'string' || geo.primary_column.length < 1) out.push('primary_column: must be a non-empty string');
  if (!isObj(geo.columns) || Object.keys(geo.columns).length < 1) return [...out, 'columns: must be an object with at least one column'];
  if (typeof geo.primary_column === 'string' && !(geo.primary_column in geo.columns)) out.push('primary_column: must be a key of columns');
  for (const [name, col] of Object.entries(geo.columns)) {
    if (!fileColumns.includes(name)) out.push(`columns.${name}: not a column of the file`);
    out.push(...columnViolations(name, col, fileColumns));
  }
  return out;
}

function columnViolations(name: string, col: unknown, fileColumns: readonly string[]): string[] {
  const at = `columns.${name}`;
  if (!isObj(col)) return [`${at}: must be an object`];
  const out: string[] = [];
  for (const key of ['encoding', 'geometry_types']) if (!(key in col)) out.push(`${at}: required: ${key}`);
  const encodings = ['WKB', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'];
  if (!encodings.includes(col.encoding as string)) out.push(`${at}.encoding: must be one of ${encodings.join(', ')}`);
  const types = col.geometry_types;
  if (!Array.isArray(types) || !types.every((t) => typeof t === 'string' && GEOMETRY_TYPE.test(t)) || new Set(types).size !== types.length) {
    out.push(`${at}.geometry_types: must be unique strings matching ${GEOMETRY_TYPE}, got ${JSON.stringify(types)}`);
  }
  if ('crs' in col && !(col.crs === null || isObj(col.crs))) out.push(`${at}.crs: must be null or a PROJJSON object`);
  if ('edges' in col && col.edges !== 'planar' && col.edges !== 'spherical') out.push(`${at}.edges: must be planar or spherical`);
  if ('orientation' in col && col.orientation !== 'counterclockwise') out.push(`${at}.orientation: must be counterclockwise`);
  if ('epoch' in col && typeof col.epoch !== 'number') out.push(`${at}.epoch: must be a number`);
  if ('bbox' in col) {
    const b = col.bbox;
    if (!Array.isArray(b) || !(b.length === 4 || b.length === 6) || !b.every((v) => typeof v === 'number')) out.push(`${at}.bbox: must be 4 or 6 numbers`);
  }
  if ('covering' in col) out.push(...coveringViolations(at, col.covering, fileColumns));
  return out;
}

/** covering.bbox: xmin, ymin, xmax, ymax (zmin, zmax optional), each [column, field] of a struct column. */
function coveringViolations(at: string, covering: unknown, fileColumns: readonly string[]): string[] {
  if (!isObj(covering) || !isObj(covering.bbox)) return [`${at}.covering: must have a bbox object`];
  const out: string[] = [];
  for (const key of ['xmin', 'ymin', 'xmax', 'ymax']) {
    const path = covering.bbox[key];
    if (!Array.isArray(path) || path.length !== 2 || !path.every((p) => typeof p === 'string')) {
      out.push(`${at}.covering.bbox.${key}: must be [column, field]`);
    } else if (!fileColumns.includes(path[0] as string)) {
      out.push(`${at}.covering.bbox.${key}: column ${path[0]} is not in the file`);
    }
  }
  return out;
}
