/**
 * The Node API for ML code: run a query whose result has chip columns (read_chip or
 * read_chips) and get the chips as one float32 tensor [N, C, H, W] with masks and
 * transforms, plus the other columns as plain rows (labels); or the same as an Arrow
 * table whose `pixels` column is a FixedSizeList<Float32> of C*H*W values per row.
 */
import type { DuckDBConnection } from '../duckdb.js';
import type * as Arrow from 'apache-arrow';
import { InputError } from '../errors.js';
import { stackChips, type ChipRecord, type ChipTensor, type StackOptions } from './stack-chips.js';

/** Which columns hold chips (default: every STRUCT column with data, dtype and mask fields). */
export interface ReadChipsOptions extends StackOptions {
  readonly chipColumns?: readonly string[];
}

/** A tensor batch and the non-chip columns of each row. */
export interface ChipBatch extends ChipTensor {
  readonly rows: readonly Record<string, unknown>[];
  readonly channels: readonly string[];
}

const isChip = (v: unknown): v is ChipRecord =>
  typeof v === 'object' && v !== null && 'data' in v && 'dtype' in v && 'mask' in v && 'bands' in v;

/** Runs `sql` and stacks its chip columns. Throws InputError when the result has no chip column. */
export async function readChips(connection: DuckDBConnection, sql: string, options: ReadChipsOptions = {}): Promise<ChipBatch> {
  const objects = (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  const names = objects.length ? Object.keys(objects[0]) : [];
  const chipColumns = options.chipColumns ?? names.filter((n) => objects.some((o) => isChip(o[n])));
  if (objects.length && chipColumns.length === 0) {
    throw new InputError({ fn: 'readChips', reason: 'the query returns no chip column', hint: 'Select read_chip(...) or use read_chips(...), or name the columns in chipColumns' });
  }
  const chipRows = objects.map((o) => chipColumns.map((c) => (isChip(o[c]) ? o[c] : null)));
  const tensor = stackChips(chipRows, chipColumns, options);
  const rows = objects.map((o) => Object.fromEntries(Object.entries(o).filter(([k]) => !chipColumns.includes(k))));
  return { ...tensor, rows, channels: chipColumns };
}

/** The batch as Arrow: label columns, `pixels` FixedSizeList<Float32>[C*H*W], `mask`, `transform` and the shape. */
export async function readChipsArrow(connection: DuckDBConnection, sql: string, options: ReadChipsOptions = {}): Promise<Arrow.Table> {
  const arrow = await import('apache-arrow');
  const batch = await readChips(connection, sql, options);
  const [N, C, H, W] = batch.shape;
  const per = C * H * W;
  const fixed = <T extends Arrow.DataType>(child: Arrow.Data<T>, size: number) =>
    arrow.makeVector(arrow.makeData({ type: new arrow.FixedSizeList(size, new arrow.Field('v', child.type, false)), length: N, nullCount: 0, child }));
  const labels = Object.fromEntries(Object.keys(batch.rows[0] ?? {}).map((k) => [k, arrow.vectorFromArray(batch.rows.map((r) => normalise(r[k])))]));
  return new arrow.Table({
    ...labels,
    pixels: fixed(arrow.makeData({ type: new arrow.Float32(), length: batch.data.length, data: batch.data }), per),
    mask: fixed(arrow.makeData({ type: new arrow.Uint8(), length: batch.mask.length, data: batch.mask }), per),
    transform: fixed(arrow.makeData({ type: new arrow.Float64(), length: batch.transforms.length, data: batch.transforms }), 6),
    channels: arrow.vectorFromArray(new Int32Array(N).fill(C)),
    height: arrow.vectorFromArray(new Int32Array(N).fill(H)),
    width: arrow.vectorFromArray(new Int32Array(N).fill(W)),
  });
}

/** Arrow's builders infer from JS values: dates and bigints as they are, the rest as text when not primitive. */
function normalise(v: unknown): unknown {
  if (v === null || v === undefined || typeof v !== 'object' || v instanceof Date) return v ?? null;
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
}
