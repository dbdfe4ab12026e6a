/**
 * rasteret_write for the Node API: a collection written as GeoParquet 1.1, partitioned by
 * year and month, zstd, atomically. DuckDB writes into a temp folder beside the target,
 * which is renamed into place only when every file is complete, so readers never see a
 * partial collection. The SQL it runs is the recipe of sql/macros/rasteret_geoparquet.sql.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '../duckdb.js';
import { InputError } from '../errors.js';

/** Options for {@link writeCollection}. */
export interface WriteOptions {
  /** Replace an existing folder at `target` (default: refuse). */
  readonly overwrite?: boolean;
}

/** What was written. */
export interface WriteResult {
  readonly path: string;
  readonly rows: number;
  /** Parquet files, relative to `path` (year=YYYY/month=M/data_0.parquet...). */
  readonly files: readonly string[];
  /** The `geo` metadata every file carries. */
  readonly geo: string;
}

/**
 * Writes `relation` (a table or view name, or a SELECT query) to the folder `target`.
 * The relation needs Rasteret's record columns: geometry (GEOMETRY, lon/lat), bbox
 * (STRUCT xmin, ymin, xmax, ymax), year and month.
 * @throws InputError when `target` exists and `overwrite` is not set, or a column is missing;
 *   DuckDB's own error when the COPY fails (the temp folder is removed).
 */
export async function writeCollection(connection: DuckDBConnection, relation: string, target: string, options: WriteOptions = {}): Promise<WriteResult> {
  const dest = path.resolve(target);
  if (existsSync(dest) && !options.overwrite) {
    throw new InputError({ url: dest, reason: 'the target already exists', hint: 'Pass { overwrite: true } to replace it, or choose another path' });
  }
  const from = /^\s*(select|from|with|values)\b/i.test(relation) ? `(${relation})` : relation;
  await checkColumns(connection, from);
  const geo = String((await connection.runAndReadAll(`SELECT rasteret_geo_metadata(geometry, bbox) FROM ${from}`)).getRows()[0][0]);
  const tmp = `${dest}.tmp-${process.pid}-${Date.now()}`;
  try {
    const copy = await connection.runAndReadAll(
      `COPY (SELECT * REPLACE (ST_AsWKB(geometry) AS geometry) FROM ${from}) TO ${literal(tmp)} ` +
        `(FORMAT parquet, PARTITION_BY (year, month), COMPRESSION zstd, GEOPARQUET_VERSION 'NONE', KV_METADATA {geo: ${literal(geo)}})`,
    );
    const rows = Number(copy.getRows()[0]?.[0] ?? 0);
    if (rows === 0) throw new InputError({ url: dest, reason: 'the collection is empty: nothing was written', hint: 'Check the query: it returned no rows' });
    replace(tmp, dest);
    return { path: dest, rows, files: listFiles(dest), geo };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function checkColumns(connection: DuckDBConnection, from: string): Promise<void> {
  const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)).getRowObjectsJson();
  const names = new Set(described.map((r) => String(r.column_name)));
  const missing = ['geometry', 'bbox', 'year', 'month'].filter((c) => !names.has(c));
  if (missing.length > 0) {
    throw new InputError({ reason: `the collection lacks column(s) ${missing.join(', ')}`, hint: 'Write a table made by rasteret_build (or rasteret_build_from_table), which has geometry, bbox, year and month' });
  }
}

/** Moves `tmp` to `dest`; an existing `dest` is moved aside first and removed only after. */
function replace(tmp: string, dest: string): void {
  if (!existsSync(dest)) return renameSync(tmp, dest);
  const old = `${dest}.old-${process.pid}-${Date.now()}`;
  renameSync(dest, old);
  renameSync(tmp, dest);
  rmSync(old, { recursive: true, force: true });
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(prefix, e.name);
    return e.isDirectory() ? listFiles(dir, rel) : [rel];
  }).sort();
}

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
