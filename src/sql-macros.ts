/**
 * SQL macros registered with the functions. They live in sql/macros/*.sql; this module
 * reads them once at start-up so `register` can run them on any connection.
 *
 * Every macro is created as a TEMP macro (in the session's `temp` catalog): registering
 * rasterduck on a connection to a database file must leave that file as it was, so a plain
 * DuckDB opening it later lists none of rasterduck's macros and no WAL grows per session.
 * Temp objects come first on DuckDB's search path, so queries still find them by bare name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const macroDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'sql', 'macros');

// a statement starts a line; `--` comment lines that mention CREATE MACRO do not match
const CREATE_MACRO = /^([ \t]*)CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?MACRO\b/gim;

/**
 * The macro file's SQL with every `CREATE [OR REPLACE] MACRO` made `CREATE OR REPLACE TEMP
 * MACRO`, so authors of sql/macros/*.sql need not remember it.
 */
export function asTempMacros(sql: string): string {
  return sql.replace(CREATE_MACRO, '$1CREATE OR REPLACE TEMP MACRO');
}

function readMacros(): string[] {
  let files: string[];
  try {
    files = readdirSync(macroDir).filter((f) => f.endsWith('.sql')).sort();
  } catch {
    return [];
  }
  return files.map((f) => asTempMacros(readFileSync(path.join(macroDir, f), 'utf8')));
}

/** The macro definitions (as temp macros), one SQL text per file. */
export const MACRO_SQL: readonly string[] = readMacros();
