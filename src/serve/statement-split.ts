/**
 * Splits a simple-query string into its statements at top-level semicolons, the way
 * Postgres' lexer sees them: not inside '...' or E'...' strings, "..." identifiers,
 * $tag$...$tag$ bodies, -- line comments or /* *\/ block comments. Each statement is
 * then prepared by DuckDB alone, so the server knows its text (for its command tag).
 */

/** The non-empty statements of `sql`, without their terminating semicolons. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') i = skipQuoted(sql, i, c);
    else if (c === '-' && sql[i + 1] === '-') i = lineEnd(sql, i);
    else if (c === '/' && sql[i + 1] === '*') i = blockEnd(sql, i);
    else if (c === '$') i = skipDollar(sql, i);
    else if (c === ';') {
      out.push(sql.slice(start, i));
      start = ++i;
    } else i++;
  }
  out.push(sql.slice(start));
  return out.filter((s) => !isBlank(s));
}

/** True when `sql` holds only whitespace and comments. */
export function isBlank(sql: string): boolean {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim() === '';
}

function skipQuoted(sql: string, i: number, quote: string): number {
  // a doubled quote is an escaped quote; E'...' strings also escape with a backslash
  const escapes = quote === "'" && i > 0 && /[eE]/.test(sql[i - 1]);
  for (let j = i + 1; j < sql.length; j++) {
    if (escapes && sql[j] === '\\') j++;
    else if (sql[j] === quote) {
      if (sql[j + 1] === quote) j++;
      else return j + 1;
    }
  }
  return sql.length;
}

function lineEnd(sql: string, i: number): number {
  const end = sql.indexOf('\n', i);
  return end < 0 ? sql.length : end + 1;
}

function blockEnd(sql: string, i: number): number {
  const end = sql.indexOf('*/', i + 2);
  return end < 0 ? sql.length : end + 2;
}

function skipDollar(sql: string, i: number): number {
  // $1 is a parameter; $tag$ or $$ opens a dollar-quoted string
  const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))?.[0];
  if (!tag) return i + 1;
  const end = sql.indexOf(tag, i + tag.length);
  return end < 0 ? sql.length : end + tag.length;
}
