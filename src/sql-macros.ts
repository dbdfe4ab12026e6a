/**
 * SQL macros registered with the functions. They live in sql/macros/*.sql; this module
 * reads them once at start-up so `register` can run them on any connection.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const macroDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'sql', 'macros');

function readMacros(): string[] {
  let files: string[];
  try {
    files = readdirSync(macroDir).filter((f) => f.endsWith('.sql')).sort();
  } catch {
    return [];
  }
  return files.map((f) => readFileSync(path.join(macroDir, f), 'utf8'));
}

/** The macro definitions, one SQL text per file. */
export const MACRO_SQL: readonly string[] = readMacros();
