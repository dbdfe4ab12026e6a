/**
 * The Node API for ML code: run a query whose result has chip columns (read_chip or
 * read_chips) and get the chips as one float32 tensor [N, C, H, W] with masks and
 * transforms, plus the other columns as plain rows (labels); or the same as an Arrow
 * table whose `pixels` column is a FixedSizeList<Float32> of C*H*W values per row.
 * NULL chips keep their rows (see ChipBatch).
 */
import { DuckDBTypeId, type DuckDBConnection, type DuckDBType } from '../duckdb.js';
import type * as Arrow from 'apache-arrow';
import { InputError } from '../errors.js';
import { stackChips, type ChipRecord, type ChipTensor, type StackOptions } from './stack-chips.js';

/** Which columns hold chips (default: every STRUCT column with data, dtype, bands and mask fields). */
export interface ReadChipsOptions extends StackOptions {
  readonly chipColumns?: readonly string[];
}

/**
 * A tensor batch and the non-chip columns of each row. Every row of the query is a row
 * of the batch: a NULL chip (read_chip's geometry missed the raster, a scene without the
 * band) keeps its row, with `present` 0, mask 0, data the fill value and transform NaN.
 */
export interface ChipBatch extends ChipTensor {
  /** The other columns; BIGINT/HUGEINT values as numbers up to Number.MAX_SAFE_INTEGER, BigInt beyond. */
  readonly rows: readonly Record<string, unknown>[];
  readonly channels: readonly string[];
}

const CHIP_FIELDS = ['data', 'dtype', 'bands', 'mask'];

const isChip = (v: unknown): v is ChipRecord =>
  typeof v === 'object' && v !== null && CHIP_FIELDS.every((f) => f in v);

/** Chip columns by their type, so a column whose every chip is NULL is still one. */
function chipColumnsOf(names: readonly string[], types: readonly DuckDBType[]): string[] {
  return names.filter((_, i) => {
    const t = types[i];
    return t.typeId === DuckDBTypeId.STRUCT && CHIP_FIELDS.every((f) => t.entryNames.includes(f));
  });
}

/** Runs `sql` and stacks its chip columns. Throws InputError when the result has no chip column. */
export async function readChips(connection: DuckDBConnection, sql: string, options: ReadChipsOptions = {}): Promise<ChipBatch> {
  const reader = await connection.runAndReadAll(sql);
  const objects = reader.getRowObjectsJS() as Record<string, unknown>[];
  const chipColumns = options.chipColumns ?? chipColumnsOf(reader.columnNames(), reader.columnTypes());
  if (chipColumns.length === 0) {
    throw new InputError({ fn: 'readChips', reason: 'the query returns no chip column', hint: 'Select read_chip(...) or use read_chips(...), or name the columns in chipColumns' });
  }
  const chipRows = objects.map((o) => chipColumns.map((c) => (isChip(o[c]) ? o[c] : null)));
  const tensor = stackChips(chipRows, chipColumns, options);
  const rows = objects.map((o) => Object.fromEntries(Object.entries(o).filter(([k]) => !chipColumns.includes(k)).map(([k, v]) => [k, plainValue(v)])));
  return { ...tensor, rows, channels: chipColumns };
}

/** A DuckDB value as ML code wants it: integers as numbers where exact, lists and structs inside too. */
function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
  if (Array.isArray(v)) return v.map(plainValue);
  if (typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainValue(x)]));
  }
  return v;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The batch as Arrow: label columns, `pixels` FixedSizeList<Float32>[C*H*W], `mask`, `transform` and the shape. */
export async function readChipsArrow(connection: DuckDBConnection, sql: string, options: ReadChipsOptions = {}): Promise<Arrow.Table> {
  const arrow = await import('apache-arrow');
  const batch = await readChips(connection, sql, options);
  const [N, C, H, W] = batch.shape;
  const per = C * H * W;
  const fixed = <T extends Arrow.DataType>(child: Arrow.Data<T>, size: number) =>
    arrow.makeVector(arrow.makeData({ type: new arrow.FixedSizeList(size, new arrow.Field('v', child.type, false)), length: N, nullCount: 0, child }));
  const labels = Object.fromEntries(Object.keys(batch.rows[0] ?? {}).map((k) => [k, arrow.vectorFromArray(labelColumn(batch.rows.map((r) => r[k])))]));
  return new arrow.Table({
    ...labels,
    pixels: fixed(arrow.makeData({ type: new arrow.Float32(), length: batch.data.length, data: batch.data }), per),
    mask: fixed(arrow.makeData({ type: new arrow.Uint8(), length: batch.mask.length, data: batch.mask }), per),
    transform: fixed(arrow.makeData({ type: new arrow.Float64(), length: batch.transforms.length, data: batch.transforms }), 6),
    present: fixed(arrow.makeData({ type: new arrow.Uint8(), length: batch.present.length, data: batch.present }), batch.channels.length),
    channels: arrow.vectorFromArray(new Int32Array(N).fill(C)),
    height: arrow.vectorFromArray(new Int32Array(N).fill(H)),
    width: arrow.vectorFromArray(new Int32Array(N).fill(W)),
  });
}

/**
 * One label column for Arrow's builders, which infer the type from the values: a column
 * holding a BigInt (a value beyond 2^53) gets all its integers as BigInt, so it is one
 * Int64 column, not a mix.
 */
function labelColumn(values: readonly unknown[]): unknown[] {
  const plain = values.map(normalise);
  if (!plain.some((v) => typeof v === 'bigint')) return plain;
  return plain.map((v) => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v));
}

/** Arrow's builders infer from JS values: dates and bigints as they are, the rest as text when not primitive. */
function normalise(v: unknown): unknown {
  if (v === null || v === undefined || typeof v !== 'object' || v instanceof Date) return v ?? null;
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
}
