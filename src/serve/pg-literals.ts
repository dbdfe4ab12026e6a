/**
 * Postgres literal forms whose meaning differs in DuckDB. `'\x0102'::bytea` is hex in
 * Postgres (psycopg2 and others inline bytes that way), while DuckDB's string-to-BLOB cast
 * reads `\x01` escapes and keeps the rest as characters; such literals become unhex().
 */

const BYTEA_HEX = /'\\x((?:[0-9a-fA-F]{2})*)'::bytea\b/g;

/** `sql` with Postgres hex bytea literals rewritten for DuckDB. */
export function rewritePgLiterals(sql: string): string {
  return sql.includes('::bytea') ? sql.replace(BYTEA_HEX, "unhex('$1')") : sql;
}
