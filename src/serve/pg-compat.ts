/**
 * Postgres forms that mean something else, or nothing, in DuckDB, as drivers and dbt send
 * them. Each rewrite is narrow and named here:
 * - `'\x0102'::bytea` is hex in Postgres (psycopg2 inlines bytes so); DuckDB's string-to-BLOB
 *   cast reads `\x01` escapes instead: such literals become unhex().
 * - `"db".information_schema.x` / `"db".pg_catalog.x` (dbt qualifies catalog views with the
 *   database): DuckDB keeps those schemas in its system catalog, so the database goes.
 * - `ALTER TABLE v RENAME TO w` on a view (Postgres allows it; dbt renames views so): DuckDB
 *   wants ALTER VIEW, so the statement becomes one when `v` names a view.
 */
import type { DuckDBConnection } from '../duckdb.js';

const BYTEA_HEX = /'\\x((?:[0-9a-fA-F]{2})*)'::bytea\b/g;
const CATALOG_IN_DB = /(?:"[^"]+"|\b\w+)\.((?:"?)(?:information_schema|pg_catalog)(?:"?))\./gi;
const ALTER_TABLE_RENAME = /^\s*alter\s+table\s+(?:if\s+exists\s+)?((?:(?:"[^"]+"|\w+)\.){0,2}(?:"([^"]+)"|(\w+)))\s+rename\s+to\s+/i;

/** `sql` with the literal and catalog forms above rewritten (no catalog lookups). */
export function rewritePgForms(sql: string): string {
  let out = sql.includes('::bytea') ? sql.replace(BYTEA_HEX, "unhex('$1')") : sql;
  if (/information_schema|pg_catalog/i.test(out)) out = out.replace(CATALOG_IN_DB, '$1.');
  return out;
}

/** ALTER TABLE ... RENAME TO on a view, as ALTER VIEW; other statements unchanged. */
export async function renameViewsAsViews(sql: string, connection: DuckDBConnection): Promise<string> {
  const m = ALTER_TABLE_RENAME.exec(sql);
  if (!m) return sql;
  const name = m[2] ?? m[3];
  const views = (await connection.runAndReadAll('SELECT count(*) FROM duckdb_views() WHERE view_name = $1 AND NOT internal', [name])).getRows();
  return Number(views[0]?.[0] ?? 0) > 0 ? sql.replace(/^\s*alter\s+table/i, 'ALTER VIEW') : sql;
}

/**
 * Per-session objects for catalog names clients query that DuckDB lacks: pg_backend_pid()
 * (this session's BackendKeyData id) and pg_matviews (empty: DuckDB has no materialized
 * views; dbt-postgres lists relations from it). TEMP, so nothing is stored in the database.
 */
export function sessionCompatSql(pid: number): string[] {
  return [
    `CREATE OR REPLACE TEMP MACRO pg_backend_pid() AS ${pid}`,
    'CREATE OR REPLACE TEMP VIEW pg_matviews AS SELECT NULL::VARCHAR AS schemaname, NULL::VARCHAR AS matviewname, NULL::VARCHAR AS matviewowner, NULL::VARCHAR AS tablespace, NULL::BOOLEAN AS hasindexes, NULL::BOOLEAN AS ispopulated, NULL::VARCHAR AS definition WHERE false',
  ];
}
