/**
 * DuckDB values as JSON, the way `duckdb -json` prints them: numbers as numbers (BIGINT
 * too, as text only beyond 2^53), nested values as JSON, dates, blobs and decimals as
 * DuckDB's text. JSON has no NaN, so non-finite doubles print as Python's json does
 * (NaN, Infinity): the readers rasterduck's users pipe into accept them.
 */
import { cellText } from './cell-text.js';
import { DuckDBArrayValue, DuckDBDecimalValue, DuckDBListValue, DuckDBMapValue, DuckDBStructValue, type DuckDBValue } from '../duckdb.js';

/** A JSON-ready value; non-finite numbers are kept and written by stringifyRows. */
export type JsonCell = null | boolean | number | string | JsonCell[] | { [k: string]: JsonCell };

/** Converts one DuckDB value to its JSON form. */
export function toJsonCell(value: DuckDBValue): JsonCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(toJsonCell);
  if (value instanceof DuckDBStructValue) {
    return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, toJsonCell(v)]));
  }
  if (value instanceof DuckDBMapValue) return value.entries.map((e) => ({ key: toJsonCell(e.key), value: toJsonCell(e.value) }));
  if (value instanceof DuckDBDecimalValue) return Number(value.toString());
  return cellText(value);
}

// a marker no real string can contain unescaped: JSON.stringify escapes control characters
const MARK = '@@rasterduck-non-finite@@';
const NON_FINITE = new RegExp(`"${MARK}(NaN|Infinity|-Infinity)"`, 'g');

/** JSON text of rows, one object per line as the DuckDB shell prints, NaN written bare. */
export function stringifyRows(rows: readonly Record<string, JsonCell>[]): string {
  const replacer = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `${MARK}${v}` : v);
  const lines = rows.map((r) => JSON.stringify(r, replacer).replace(NON_FINITE, '$1'));
  return `[${lines.join(',\n')}]`;
}
