/**
 * `COPY (query) TO STDOUT` and `COPY table [(columns)] TO STDOUT`, as psql's \copy and
 * psycopg2's copy_expert send them: the query runs like any other and each row goes out as
 * one CopyData message in Postgres' text or CSV format (the same field text a DataRow
 * carries), so a COPY streams exactly as a SELECT does. DuckDB's own COPY (to a file) is
 * left to DuckDB.
 */
import { copyData } from './backend.js';
import { ClientError } from './portal.js';

/** How the rows are written. */
export interface CopyOptions {
  readonly csv: boolean;
  readonly header: boolean;
  readonly delimiter: string;
  readonly null: string;
  readonly quote: string;
}

/** A COPY ... TO STDOUT: the query whose rows it writes, and how. */
export interface CopyTo {
  readonly query: string;
  readonly options: CopyOptions;
}

const QUERY_FORM = /^\s*copy\s*\(([\s\S]*)\)\s*to\s+stdout\b([\s\S]*?)\s*;?\s*$/i;
const TABLE_FORM = /^\s*copy\s+((?:"[^"]*"|[\w.$])+)\s*(\([^)]*\))?\s*to\s+stdout\b([\s\S]*?)\s*;?\s*$/i;

/** The COPY ... TO STDOUT in `sql`, or undefined for any other statement; throws for options this server cannot write. */
export function parseCopyTo(sql: string): CopyTo | undefined {
  const q = QUERY_FORM.exec(sql);
  if (q) return { query: q[1], options: parseOptions(q[2]) };
  const t = TABLE_FORM.exec(sql);
  if (t) return { query: `SELECT ${t[2] ? t[2].slice(1, -1) : '*'} FROM ${t[1]}`, options: parseOptions(t[3]) };
  return undefined;
}

const BOOLEAN = /^(true|false|on|off|1|0)$/i;

/** Both option syntaxes: `WITH (FORMAT csv, HEADER true)` and the older `WITH CSV HEADER`. */
function parseOptions(text: string): CopyOptions {
  const tokens = (text.match(/'(?:[^']|'')*'|[^\s,()]+/g) ?? []).filter((t, i) => i > 0 || t.toUpperCase() !== 'WITH');
  let csv = false;
  let header = false;
  let delimiter: string | undefined;
  let nul: string | undefined;
  let quote = '"';
  const value = (i: number, name: string): string => {
    const v = tokens[i];
    if (v === undefined) throw new ClientError('42601', `COPY option ${name} needs a value`);
    return /^'.*'$/s.test(v) ? v.slice(1, -1).replace(/''/g, "'") : v;
  };
  for (let i = 0; i < tokens.length; i++) {
    const name = tokens[i].toUpperCase();
    if (name === 'FORMAT') {
      const f = value(++i, 'FORMAT').toLowerCase();
      if (f === 'binary') throw new ClientError('0A000', 'COPY TO STDOUT in binary format is not supported; use FORMAT text or csv');
      if (f !== 'text' && f !== 'csv') throw new ClientError('22023', `COPY format "${f}" not recognized`);
      csv = f === 'csv';
    } else if (name === 'CSV') csv = true;
    else if (name === 'BINARY') throw new ClientError('0A000', 'COPY TO STDOUT in binary format is not supported; use FORMAT text or csv');
    else if (name === 'HEADER') {
      const next = tokens[i + 1];
      header = next !== undefined && BOOLEAN.test(next) ? /^(true|on|1)$/i.test(tokens[++i]) : true;
    } else if (name === 'DELIMITER') delimiter = value(++i, 'DELIMITER');
    else if (name === 'NULL') nul = value(++i, 'NULL');
    else if (name === 'QUOTE') quote = value(++i, 'QUOTE');
    else if (name === 'AS') continue;
    else throw new ClientError('0A000', `COPY option ${tokens[i]} is not supported by rasterduck serve (FORMAT, HEADER, DELIMITER, NULL and QUOTE are)`);
  }
  const d = delimiter ?? (csv ? ',' : '\t');
  if (d.length !== 1 || quote.length !== 1) throw new ClientError('22023', 'COPY delimiter and quote must be a single one-byte character');
  return { csv, header, delimiter: d, null: nul ?? (csv ? '' : '\\N'), quote };
}

const TEXT_ESCAPES: Record<string, string> = { '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** One row (field texts, null = SQL NULL) as a line in the COPY format, with its newline. */
export function copyLine(fields: readonly (string | null)[], o: CopyOptions): string {
  return fields.map((f) => (o.csv ? csvField(f, o) : textField(f, o))).join(o.delimiter) + '\n';
}

function textField(f: string | null, o: CopyOptions): string {
  if (f === null) return o.null;
  // backslash, control characters and the delimiter are backslash-escaped, as Postgres' CopyAttributeOutText does
  let out = '';
  for (const ch of f) out += TEXT_ESCAPES[ch] ?? (ch === o.delimiter ? '\\' + ch : ch);
  return out;
}

function csvField(f: string | null, o: CopyOptions): string {
  if (f === null) return o.null;
  // quoted when it holds the delimiter, the quote, a line break, equals the NULL string, or is the end marker \.
  const needs = f === o.null || f === '\\.' || f.includes(o.delimiter) || f.includes(o.quote) || /[\r\n]/.test(f);
  return needs ? o.quote + f.split(o.quote).join(o.quote + o.quote) + o.quote : f;
}

/** Rows as CopyData messages (a Portal's row writer for a COPY). */
export class CopyRowWriter {
  constructor(private readonly options: CopyOptions) {}

  row(fields: readonly (string | Buffer | null)[]): Buffer {
    // a COPY's columns are all in text format, so every field is a string
    return copyData(copyLine(fields.map((f) => (f === null ? null : f.toString())), this.options));
  }
}
