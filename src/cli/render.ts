/**
 * Output modes of the shell, as the DuckDB CLI names them. Each renderer takes column
 * names and rows of DuckDB values and returns the text to print.
 */
import type { DuckDBType, DuckDBValue } from '../duckdb.js';
import { stringifyRows, toJsonCell } from './cell-json.js';
import { cellText } from './cell-text.js';

export type OutputMode = 'box' | 'json' | 'csv' | 'markdown' | 'line' | 'list' | 'arrow';

/** A materialised result ready to print. */
export interface ResultRows {
  readonly names: readonly string[];
  readonly types: readonly DuckDBType[];
  readonly rows: readonly (readonly DuckDBValue[])[];
}

const text = cellText;

function renderJson(r: ResultRows): string {
  return stringifyRows(r.rows.map((row) => Object.fromEntries(r.names.map((n, i) => [n, toJsonCell(row[i])]))));
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function renderCsv(r: ResultRows): string {
  const cell = (v: DuckDBValue) => (v === null ? '' : csvField(cellText(v)));
  return [r.names.map(csvField).join(','), ...r.rows.map((row) => row.map(cell).join(','))].join('\n');
}

function renderMarkdown(r: ResultRows): string {
  const esc = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const lines = [`| ${r.names.map(esc).join(' | ')} |`, `|${r.names.map(() => '---').join('|')}|`];
  for (const row of r.rows) lines.push(`| ${row.map((v) => esc(text(v))).join(' | ')} |`);
  return lines.join('\n');
}

function renderLine(r: ResultRows): string {
  const width = Math.max(0, ...r.names.map((n) => n.length));
  return r.rows.map((row) => r.names.map((n, i) => `${n.padStart(width)} = ${text(row[i])}`).join('\n')).join('\n\n');
}

function renderList(r: ResultRows): string {
  return [r.names.join('|'), ...r.rows.map((row) => row.map(text).join('|'))].join('\n');
}

const MAX_CELL = 60;

function clip(s: string): string {
  const flat = s.replaceAll('\n', ' ');
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
}

/** DuckDB's default: a box with names and types on top, long cells clipped. */
function renderBox(r: ResultRows): string {
  if (r.names.length === 0) return '';
  const head = r.names.map(clip);
  const types = r.types.map((t) => clip(t.toString().toLowerCase()));
  const body = r.rows.map((row) => row.map((v) => clip(text(v))));
  const widths = head.map((h, i) => Math.max(h.length, types[i].length, ...body.map((row) => row[i].length)));
  const line = (l: string, m: string, rr: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + rr;
  const center = (s: string, w: number) => s.padStart(Math.floor((w + s.length) / 2)).padEnd(w);
  const cells = (vals: string[], numeric: boolean[]) =>
    '│' + vals.map((s, i) => ` ${numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i])} `).join('│') + '│';
  const numeric = r.types.map((t) => /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DOUBLE|FLOAT|DECIMAL.*)$/.test(t.toString()));
  const out = [line('┌', '┬', '┐'), '│' + head.map((h, i) => ` ${center(h, widths[i])} `).join('│') + '│'];
  out.push('│' + types.map((t, i) => ` ${center(t, widths[i])} `).join('│') + '│', line('├', '┼', '┤'));
  for (const row of body) out.push(cells(row, numeric));
  out.push(line('└', '┴', '┘'));
  if (r.rows.length !== 1) out.push(`  ${r.rows.length} rows`);
  return out.join('\n');
}

/** Renders a result in a text mode. */
export function render(mode: Exclude<OutputMode, 'arrow'>, r: ResultRows): string {
  switch (mode) {
    case 'json': return renderJson(r);
    case 'csv': return renderCsv(r);
    case 'markdown': return renderMarkdown(r);
    case 'line': return renderLine(r);
    case 'list': return renderList(r);
    default: return renderBox(r);
  }
}
