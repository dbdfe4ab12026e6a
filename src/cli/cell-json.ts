/**
 * DuckDB values as JSON, the way `duckdb -json` prints them: numbers as numbers (BIGINT
 * too, as text only beyond 2^53), nested values as JSON, dates, blobs and decimals as
 * DuckDB's text. JSON has no NaN or infinities: a column value or list item prints as null,
 * as DuckDB does, so the output is valid JSON for any reader. A struct field is the one
 * place where null and NaN say different things (cog_metadata's nodata: NULL is "no
 * nodata", NaN is "NaN is nodata"), so there it prints as the string "NaN", "Infinity" or
 * "-Infinity", which JSON readers still parse as a number (Python's float(), JS Number()).
 */
import { cellText } from './cell-text.js';
import { DuckDBArrayValue, DuckDBDecimalValue, DuckDBListValue, DuckDBMapValue, DuckDBStructValue, type DuckDBValue } from '../duckdb.js';

/** A JSON-ready value. */
export type JsonCell = null | boolean | number | string | JsonCell[] | { [k: string]: JsonCell };

/** Converts one DuckDB value to its JSON form. */
export function toJsonCell(value: DuckDBValue): JsonCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(toJsonCell);
  if (value instanceof DuckDBStructValue) {
    return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, structFieldCell(v)]));
  }
  if (value instanceof DuckDBMapValue) return value.entries.map((e) => ({ key: toJsonCell(e.key), value: toJsonCell(e.value) }));
  if (value instanceof DuckDBDecimalValue) return Number(value.toString());
  return cellText(value);
}

function structFieldCell(value: DuckDBValue): JsonCell {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : toJsonCell(value);
}

/** JSON text of one row object (jsonlines mode). */
export function stringifyRow(row: Record<string, JsonCell>): string {
  return JSON.stringify(row);
}

/** JSON text of rows, one object per line as the DuckDB shell prints. */
export function stringifyRows(rows: readonly Record<string, JsonCell>[]): string {
  return `[${rows.map(stringifyRow).join(',\n')}]`;
}
