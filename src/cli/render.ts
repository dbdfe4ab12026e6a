/**
 * Output modes of the shell, as the DuckDB CLI names them. Each renderer takes column
 * names and rows of DuckDB values and returns the text to print.
 */
import type { DuckDBType, DuckDBValue } from '../duckdb.js';
import { renderBox } from './box.js';
import { stringifyRow, stringifyRows, toJsonCell } from './cell-json.js';
import { cellText } from './cell-text.js';

export type OutputMode = 'box' | 'json' | 'jsonlines' | 'csv' | 'markdown' | 'line' | 'list' | 'table' | 'html' | 'arrow';

/** Every mode, in the order `.help` lists them. */
export const MODES: readonly OutputMode[] = ['box', 'json', 'jsonlines', 'csv', 'markdown', 'line', 'list', 'table', 'html', 'arrow'];

/** A materialised result ready to print. */
export interface ResultRows {
  readonly names: readonly string[];
  readonly types: readonly DuckDBType[];
  readonly rows: readonly (readonly DuckDBValue[])[];
}

/** The shell settings that change how a result prints (`.headers`, `.nullvalue`, ...). */
export interface RenderOptions {
  /** Column names on top (csv, list, table, html, markdown); duckbox always has them. */
  readonly headers: boolean;
  /** Text of NULL; undefined: `NULL`, and an empty field in csv. */
  readonly nullValue?: string;
  /** Column separator of list and csv mode. */
  readonly separator: string;
  /** Rows a box shows (DuckDB's .maxrows, 40); 0 shows all. */
  readonly maxRows: number;
  /** Width a box fits (DuckDB's .maxwidth; the terminal's); 0 for no limit. */
  readonly maxWidth: number;
}

/** DuckDB's defaults. */
export const DEFAULT_RENDER: RenderOptions = { headers: true, separator: '|', maxRows: 40, maxWidth: 0 };

type Renderer = (r: ResultRows, o: RenderOptions) => string;

const text = (v: DuckDBValue, o: RenderOptions) => (v === null || v === undefined ? (o.nullValue ?? 'NULL') : cellText(v));
const rowObject = (r: ResultRows, row: readonly DuckDBValue[]) => Object.fromEntries(r.names.map((n, i) => [n, toJsonCell(row[i])]));
const withHeader = (o: RenderOptions, head: string, lines: string[]) => (o.headers ? [head, ...lines] : lines).join('\n');

function csvField(s: string, sep: string): string {
  return s.includes(sep) || /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const renderCsv: Renderer = (r, o) => {
  const cell = (v: DuckDBValue) => (v === null ? (o.nullValue ?? '') : csvField(cellText(v), o.separator));
  return withHeader(o, r.names.map((n) => csvField(n, o.separator)).join(o.separator), r.rows.map((row) => row.map(cell).join(o.separator)));
};

const renderMarkdown: Renderer = (r, o) => {
  const esc = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const body = r.rows.map((row) => `| ${row.map((v) => esc(text(v, o))).join(' | ')} |`);
  return [`| ${r.names.map(esc).join(' | ')} |`, `|${r.names.map(() => '---').join('|')}|`, ...body].join('\n');
};

const renderLine: Renderer = (r, o) => {
  const width = Math.max(0, ...r.names.map((n) => n.length));
  return r.rows.map((row) => r.names.map((n, i) => `${n.padStart(width)} = ${text(row[i], o)}`).join('\n')).join('\n\n');
};

const renderList: Renderer = (r, o) => withHeader(o, r.names.join(o.separator), r.rows.map((row) => row.map((v) => text(v, o)).join(o.separator)));

/** SQLite's and DuckDB's `table` mode: an ASCII grid, no types. */
const renderTable: Renderer = (r, o) => {
  const body = r.rows.map((row) => row.map((v) => text(v, o).replaceAll('\n', ' ')));
  const widths = r.names.map((n, i) => Math.max(o.headers ? n.length : 0, ...body.map((row) => row[i].length)));
  const rule = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  const line = (vals: readonly string[]) => '| ' + vals.map((s, i) => s.padEnd(widths[i])).join(' | ') + ' |';
  const out = [rule];
  if (o.headers) out.push(line(r.names), rule);
  for (const row of body) out.push(line(row));
  out.push(rule);
  return out.join('\n');
};

const html = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

const renderHtml: Renderer = (r, o) => {
  const tr = (cells: string[], tag: string) => `<tr>${cells.map((c) => `<${tag}>${html(c)}</${tag}>`).join('')}\n</tr>`;
  return withHeader(o, tr([...r.names], 'th'), r.rows.map((row) => tr(row.map((v) => text(v, o)), 'td')));
};

const RENDERERS: Record<Exclude<OutputMode, 'arrow'>, Renderer> = {
  box: (r, o) => renderBox({ names: r.names, types: r.types, cells: r.rows.map((row) => row.map((v) => text(v, o))) }, o.maxRows, o.maxWidth),
  json: (r) => stringifyRows(r.rows.map((row) => rowObject(r, row))),
  jsonlines: (r) => r.rows.map((row) => stringifyRow(rowObject(r, row))).join('\n'),
  csv: renderCsv,
  markdown: renderMarkdown,
  line: renderLine,
  list: renderList,
  table: renderTable,
  html: renderHtml,
};

/** Renders a result in a text mode; the text has no final newline (empty: print nothing). */
export function render(mode: Exclude<OutputMode, 'arrow'>, r: ResultRows, options: RenderOptions = DEFAULT_RENDER): string {
  return RENDERERS[mode](r, options);
}
