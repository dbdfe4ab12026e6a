/**
 * A DuckDB value as the DuckDB shell prints it. GEOMETRY prints as WKT, as the shell does;
 * @duckdb/node-api would print its WKB bytes.
 */
import { DuckDBGeometryValue, type DuckDBValue } from '../duckdb.js';
import { parseWkb } from '../geo/wkb.js';
import { toWkt } from '../geo/wkt.js';

/** The text of one value; NULL as `NULL`. */
export function cellText(v: DuckDBValue): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof DuckDBGeometryValue) {
    try {
      return toWkt(parseWkb(v.bytes));
    } catch {
      return String(v);
    }
  }
  return String(v);
}
