/**
 * DuckDB's default `duckbox` rendering: names and types on top, long cells clipped, and,
 * as DuckDB does, at most `maxRows` rows (the first and last halves around a row of dots)
 * and only as many columns as fit `maxWidth` (the middle ones give way to a `…` column).
 */
import type { DuckDBType } from '../duckdb.js';

const MAX_CELL = 60;
const DOTS = '·';

function clip(s: string, max = MAX_CELL): string {
  const flat = s.replaceAll('\n', ' ');
  return flat.length > max ? `${flat.slice(0, Math.max(0, max - 1))}…` : flat;
}

const NUMERIC = /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DOUBLE|FLOAT|DECIMAL.*)$/;

/** Column texts of a result, ready for the box. */
export interface BoxInput {
  readonly names: readonly string[];
  readonly types: readonly DuckDBType[];
  /** Cell texts, NULL already replaced. */
  readonly cells: readonly (readonly string[])[];
}

/** The columns to show, in order; -1 stands for the `…` column of hidden ones. */
function fitColumns(widths: readonly number[], maxWidth: number): number[] {
  const kept = widths.map((_, i) => i);
  const total = (cols: number[]) => 1 + cols.reduce((s, c) => s + (c < 0 ? 1 : widths[c]) + 3, 0);
  if (maxWidth <= 0 || total(kept) <= maxWidth) return kept;
  // as DuckDB: the first and last columns stay longest, the middle ones go first
  for (;;) {
    kept.splice(Math.floor(kept.length / 2), 1);
    const mid = Math.ceil(kept.length / 2);
    const cols = [...kept.slice(0, mid), -1, ...kept.slice(mid)];
    if (kept.length <= 1 || total(cols) <= maxWidth) return cols;
  }
}

/** Renders the box; `maxRows` and `maxWidth` of 0 mean no limit. */
export function renderBox(r: BoxInput, maxRows: number, maxWidth: number): string {
  if (r.names.length === 0) return '';
  const n = r.cells.length;
  const cut = maxRows > 0 && n > maxRows;
  const top = cut ? r.cells.slice(0, Math.ceil(maxRows / 2)) : r.cells;
  const bottom = cut ? r.cells.slice(n - Math.floor(maxRows / 2)) : [];
  const head = r.names.map((h) => clip(h));
  const types = r.types.map((t) => clip(t.toString().toLowerCase()));
  const body = [...top, ...bottom].map((row) => row.map((v) => clip(v)));
  const widths = head.map((h, i) => Math.max(h.length, types[i].length, ...body.map((row) => row[i].length)));
  const cols = fitColumns(widths, maxWidth);
  const width = (c: number) => (c < 0 ? 1 : widths[c]);
  // one column still too wide for the terminal: clip its cells to what is left
  if (maxWidth > 0 && cols.length === 1 && widths[cols[0]] + 4 > maxWidth) widths[cols[0]] = Math.max(1, maxWidth - 4);
  const pick = (vals: readonly string[], filler: string) => cols.map((c) => (c < 0 ? filler : clip(vals[c], widths[c])));
  const numeric = r.types.map((t) => NUMERIC.test(t.toString()));
  const line = (l: string, m: string, rr: string) => l + cols.map((c) => '─'.repeat(width(c) + 2)).join(m) + rr;
  const center = (s: string, w: number) => s.padStart(Math.floor((w + s.length) / 2)).padEnd(w);
  const centred = (vals: string[]) => '│' + vals.map((s, i) => ` ${center(s, width(cols[i]))} `).join('│') + '│';
  const cells = (vals: string[]) =>
    '│' + vals.map((s, i) => ` ${cols[i] >= 0 && numeric[cols[i]] ? s.padStart(width(cols[i])) : s.padEnd(width(cols[i]))} `).join('│') + '│';
  const out = [line('┌', '┬', '┐'), centred(pick(head, '…')), centred(pick(types, ' ')), line('├', '┼', '┤')];
  for (const row of top) out.push(cells(pick(row, '…')));
  if (cut) for (let i = 0; i < 3; i++) out.push(centred(cols.map(() => DOTS)));
  for (const row of bottom) out.push(cells(pick(row, '…')));
  out.push(line('└', '┴', '┘'));
  const notes: string[] = [];
  if (n !== 1 || cut) notes.push(cut ? `${n} rows (${maxRows} shown)` : `${n} rows`);
  const hidden = cols.includes(-1);
  if (hidden) notes.push(`${r.names.length} columns (${cols.length - 1} shown)`);
  if (notes.length) out.push(`  ${notes.join('  ')}`);
  return out.join('\n');
}
