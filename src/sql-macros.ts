/**
 * The SQL macros, read through their declarations in the function table (src/udfs): each
 * MacroDef names its family's file, sql/macros/<file>.sql, and registration runs those
 * files in the order the table first names them (a macro can only call macros created
 * before it: DuckDB binds a macro's body when it is created).
 *
 * Every macro is created as a TEMP macro (in the session's `temp` catalog): registering
 * rasterduck on a connection to a database file must leave that file as it was, so a plain
 * DuckDB opening it later lists none of rasterduck's macros and no WAL grows per session.
 * Temp objects come first on DuckDB's search path, so queries still find them by bare name.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { InternalError } from './errors.js';
import type { FunctionDef, MacroDef } from './udfs/define.js';

const macroDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'sql', 'macros');

// a statement starts a line; `--` comment lines that mention CREATE MACRO do not match
const CREATE_MACRO = /^([ \t]*)CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?MACRO\b/gim;
const CREATED_NAME = /^[ \t]*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?MACRO\s+(\w+)\s*\(/gim;

/**
 * The macro file's SQL with every `CREATE [OR REPLACE] MACRO` made `CREATE OR REPLACE TEMP
 * MACRO`, so authors of sql/macros/*.sql need not remember it.
 */
export function asTempMacros(sql: string): string {
  return sql.replace(CREATE_MACRO, '$1CREATE OR REPLACE TEMP MACRO');
}

/** The parameter list of `CREATE ... MACRO name(...)` in `sql`, as written (brackets and quotes balanced). */
export function macroParamsText(sql: string, name: string): string | undefined {
  for (const m of sql.matchAll(CREATED_NAME)) {
    if (m[1] !== name) continue;
    const open = (m.index ?? 0) + m[0].length;
    let depth = 1;
    let quoted = false;
    for (let i = open; i < sql.length; i++) {
      const ch = sql[i];
      if (ch === "'") quoted = !quoted;
      else if (!quoted && '([{'.includes(ch)) depth++;
      else if (!quoted && ')]}'.includes(ch) && --depth === 0) return sql.slice(open, i);
    }
  }
  return undefined;
}

/** The parameter list a declaration documents, written as the SQL file must write it. */
export function declaredParamsText(def: MacroDef): string {
  return def.params.map((p) => (p.default === undefined ? p.name : `${p.name} := ${p.default}`)).join(', ');
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

function fail(file: string, reason: string, hint: string): never {
  throw new InternalError({ fn: 'rasterduck', url: file, reason, hint });
}

/** Reads one family's file and checks it creates exactly the macros declared for it, as declared. */
function familySql(file: string, defs: readonly MacroDef[]): string {
  const where = path.join(macroDir, `${file}.sql`);
  let sql: string;
  try {
    sql = readFileSync(where, 'utf8');
  } catch (e) {
    fail(where, `cannot read the SQL of ${defs.map((d) => d.name).join(', ')}: ${(e as Error).message}`,
      'The package is incomplete: reinstall rasterduck, or restore the file from the repository.');
  }
  const created = [...sql.matchAll(CREATED_NAME)].map((m) => m[1]);
  const undeclared = created.filter((n) => !defs.some((d) => d.name === n));
  if (undeclared.length > 0) fail(where, `creates ${undeclared.join(', ')}, which no declaration in src/udfs names`, 'Declare each macro with macro({...}) in its family file in src/udfs.');
  for (const def of defs) {
    const written = macroParamsText(sql, def.name);
    if (written === undefined) fail(where, `does not create the macro ${def.name} its declaration points to`, `Add CREATE MACRO ${def.name}(...) to the file or fix the declaration's file.`);
    if (squash(written) !== squash(declaredParamsText(def))) {
      fail(where, `${def.name}'s parameters are (${squash(written)}) but its declaration says (${declaredParamsText(def)})`, 'Make the declaration in src/udfs match the SQL.');
    }
  }
  return asTempMacros(sql);
}

/**
 * The SQL to run, one text per macro file, for the macros among `defs`: files in the order
 * their first macro is declared. Throws an InternalError naming the file when one is
 * missing or disagrees with its declarations.
 */
export function macroStatements(defs: readonly FunctionDef[]): string[] {
  const byFile = new Map<string, MacroDef[]>();
  for (const def of defs) {
    if (def.kind !== 'macro' && def.kind !== 'table macro' && def.kind !== 'aggregate') continue;
    const list = byFile.get(def.file) ?? [];
    list.push(def);
    byFile.set(def.file, list);
  }
  return [...byFile].map(([file, list]) => familySql(file, list));
}
