/**
 * Items from a stac-geoparquet file (stac-utils/stac-geoparquet: one row per item,
 * properties as top-level columns, geometry as WKB), or from a record table whose
 * columns are named by role (Rasteret's field_roles: id, geometry, datetime, href).
 * Read with a DuckDB instance of the bridge worker's own, because the user's connection
 * is busy running the query that asked. Remote files are copied to a temp file first:
 * DuckDB's httpfs extension cannot be installed here, our readers can fetch anything.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '../duckdb.js';
import { FetchError, FormatError } from '../errors.js';
import { toGeoJson } from '../geo/geojson.js';
import { parseWkt } from '../geo/wkt.js';
import { openReader } from '../io/open-reader.js';
import { checkItem, isObject } from './item-check.js';
import type { Json, JsonObject, StacItem } from './stac-types.js';

/** Columns of the stac-geoparquet layout that are not properties. */
const ITEM_COLUMNS = new Set(['type', 'stac_version', 'stac_extensions', 'id', 'geometry', 'bbox', 'links', 'assets', 'collection']);

let connection: Promise<DuckDBConnection> | undefined;

function duckdb(): Promise<DuckDBConnection> {
  connection ??= DuckDBInstance.create(':memory:').then((i) => i.connect());
  return connection;
}

/**
 * Every row of the file as a STAC item, in file order.
 * @throws FetchError when the file cannot be read, FormatError when a row is not an item.
 */
export async function readGeoparquetItems(url: string, roles?: Readonly<Record<string, string>>): Promise<StacItem[]> {
  const local = await localCopy(url);
  try {
    const con = await duckdb();
    const file = local.path.replace(/'/g, "''");
    const described = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson();
    const types = new Map(described.map((r) => [String(r.column_name), String(r.column_type)]));
    const geometry = roles?.geometry ?? 'geometry';
    const select = types.has(geometry) ? `* REPLACE (${asWkt(`"${geometry.replace(/"/g, '""')}"`, types.get(geometry) ?? '')} AS "${geometry.replace(/"/g, '""')}")` : '*';
    const rows = (await con.runAndReadAll(`SELECT to_json(t)::VARCHAR AS j FROM (SELECT ${select} FROM read_parquet('${file}')) t`)).getRowObjectsJson();
    const timestamps = new Set([...types].filter(([, t]) => t.startsWith('TIMESTAMP')).map(([n]) => n));
    return rows.map((r, index) => toItem(JSON.parse(String(r.j)) as JsonObject, { url, index, roles, timestamps }));
  } catch (e) {
    if (e instanceof FetchError || e instanceof FormatError) throw e;
    throw new FormatError({ url, reason: `cannot read it as Parquet (${(e as Error).message})`, hint: 'Pass a stac-geoparquet file', cause: e });
  } finally {
    await local.done();
  }
}

function asWkt(column: string, type: string): string {
  return type.startsWith('GEOMETRY') ? `ST_AsText(${column})` : `ST_AsText(ST_GeomFromWKB(${column}))`;
}

interface RowContext {
  readonly url: string;
  readonly index: number;
  readonly roles?: Readonly<Record<string, string>>;
  readonly timestamps: ReadonlySet<string>;
}

function toItem(row: JsonObject, ctx: RowContext): StacItem {
  const r = ctx.roles ?? {};
  const idCol = r.id ?? 'id';
  const geomCol = r.geometry ?? 'geometry';
  const timeCol = r.datetime ?? 'datetime';
  const properties: JsonObject = {};
  for (const [k, v] of Object.entries(row)) {
    if (ITEM_COLUMNS.has(k) || k === idCol || k === geomCol || k === r.href) continue;
    properties[k === timeCol ? 'datetime' : k] = ctx.timestamps.has(k) ? isoOf(v) : v;
  }
  if (r.datetime && typeof properties.datetime === 'number') properties.datetime = `${properties.datetime}-01-01T00:00:00Z`;
  if (isObject(row.properties)) Object.assign(properties, row.properties);
  const wkt = row[geomCol];
  const item = {
    id: row[idCol] === null || row[idCol] === undefined ? row[idCol] : String(row[idCol]),
    collection: row.collection ?? undefined,
    geometry: typeof wkt === 'string' ? (JSON.parse(toGeoJson(parseWkt(wkt))) as Json) : null,
    bbox: bboxOf(row.bbox),
    properties,
    assets: r.href ? { data: { href: String(row[r.href]) } } : (row.assets ?? {}),
  } as JsonObject;
  return checkItem(item, { url: ctx.url, index: ctx.index, where: `row ${ctx.index + 1}` });
}

/** DuckDB's timestamp text ('2024-01-02 03:04:05.5+00', naive = UTC) as RFC 3339. */
function isoOf(v: Json): Json {
  if (typeof v !== 'string') return v;
  return v.replace(' ', 'T').replace(/([+-]00(:00)?)?$/, 'Z');
}

function bboxOf(b: Json | undefined): Json | undefined {
  if (Array.isArray(b)) return b;
  if (isObject(b) && typeof b.xmin === 'number') return [b.xmin, b.ymin, b.xmax, b.ymax];
  return undefined;
}

/** A local path for `url`: itself, or a temp copy of a remote object (removed by `done`). */
async function localCopy(url: string): Promise<{ path: string; done: () => Promise<void> }> {
  const remote = /^(https?|s3):\/\//i.test(url) || url.startsWith('/vsi');
  if (!remote) return { path: url.startsWith('file:') ? fileURLToPath(url) : url, done: async () => undefined };
  const reader = openReader(url);
  const size = reader.size ? await reader.size() : undefined;
  if (size === undefined) throw new FetchError({ url, reason: 'the file size is unknown, so it cannot be copied' });
  const [bytes] = await reader.read([{ offset: 0, length: size }]);
  const dir = await mkdtemp(path.join(tmpdir(), 'rasterduck-stac-'));
  const file = path.join(dir, 'items.parquet');
  await writeFile(file, bytes);
  return { path: file, done: () => rm(dir, { recursive: true, force: true }) };
}
