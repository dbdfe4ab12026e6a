/**
 * DuckDB errors as Postgres ErrorResponse fields. DuckDB names its error class at the
 * start of the message ("Catalog Error: ..."); that class picks the SQLSTATE (PostgreSQL's
 * errcodes.txt), and the message goes out as DuckDB wrote it, with its "LINE 1: ..." caret
 * as the detail.
 */
import type { ErrorFields } from './backend.js';

// DuckDB's exception classes (duckdb/common/exception.hpp) -> the closest SQLSTATE
const BY_CLASS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Parser Error/i, '42601'],
  [/^Catalog Error: (Table|View) with name/i, '42P01'],
  [/^Catalog Error: (Scalar |Table |Aggregate )?Function with name/i, '42883'],
  [/^Catalog Error/i, '42704'],
  [/^Binder Error: Referenced column/i, '42703'],
  [/^Binder Error/i, '42803'],
  [/^Conversion Error/i, '22P02'],
  [/^Out of Range Error/i, '22003'],
  [/^Invalid Input Error/i, '22023'],
  [/^Constraint Error/i, '23000'],
  [/^INTERRUPT Error/i, '57014'],
  [/^(TransactionContext|Transaction) Error/i, '25P02'],
  [/^Permission Error/i, '42501'],
  [/^(IO|HTTP) Error/i, '58030'],
  [/^Not implemented Error/i, '0A000'],
  [/^Out of Memory Error/i, '53200'],
  [/^Dependency Error/i, '2BP01'],
  [/^Invalid Error|^Internal Error|^FATAL Error/i, 'XX000'],
];

/** The SQLSTATE for a DuckDB (or rasterduck) error message. */
export function sqlstateOf(message: string): string {
  for (const [pattern, state] of BY_CLASS) if (pattern.test(message)) return state;
  return 'XX000';
}

/** ErrorResponse fields for an error thrown by DuckDB (or anything else) while running SQL. */
export function errorFieldsOf(e: unknown): ErrorFields {
  const text = e instanceof Error ? e.message : String(e);
  const at = text.search(/\n+LINE \d+:/);
  const message = (at >= 0 ? text.slice(0, at) : text).trim();
  const detail = at >= 0 ? text.slice(at).trim() : undefined;
  return { severity: 'ERROR', code: sqlstateOf(message), message, detail };
}
