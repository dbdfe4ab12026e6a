/**
 * rasterduck's library entry: a DuckDB connection with every rasterduck function and
 * macro registered, and results as Arrow.
 */
import { DuckDBConnection, DuckDBInstance, type DuckDBResult } from './duckdb.js';
// apache-arrow is loaded when an Arrow result is asked for: it costs ~125 ms of start-up
import type * as arrow from 'apache-arrow';
import { registerFunctions } from './udfs/define.js';
import { ALL_FUNCTIONS } from './udfs/index.js';
import { macroStatements } from './sql-macros.js';
import { preloadLazyModules } from './udfs/lazy-module.js';
import { readyBridge } from './bridge/sync-bridge.js';

export { ALL_FUNCTIONS } from './udfs/index.js';
export * from './errors.js';
export { writeCollection, type WriteOptions, type WriteResult } from './collection/write-collection.js';

/**
 * Opens a DuckDB database (in memory when `path` is omitted) and returns a connection with
 * rasterduck registered.
 */
export async function connect(path = ':memory:'): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await register(connection);
  return connection;
}

// read once per process, on first use: a missing or inconsistent macro file rejects connect()
let macroSql: readonly string[] | undefined;

/**
 * Registers every rasterduck function and macro on a connection the caller already has,
 * and starts the I/O worker. Rejects with InternalError when that worker cannot start, or
 * naming the file when a macro's SQL file is missing.
 */
export async function register(connection: DuckDBConnection): Promise<void> {
  // started now and awaited: a query that had to start it from inside a blocked callback
  // could wait forever for libuv's thread pool while concurrent queries hold every pool thread
  const worker = readyBridge();
  worker.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
  registerFunctions(connection, ALL_FUNCTIONS);
  await preloadLazyModules();
  macroSql ??= macroStatements(ALL_FUNCTIONS);
  for (const statement of macroSql) await connection.run(statement);
  await worker;
}

/** Runs a query and returns the whole result as an Arrow Table. */
export async function queryArrow(connection: DuckDBConnection, sql: string): Promise<arrow.Table> {
  return arrowTableOf(await connection.stream(sql));
}

/** Runs a query and yields its result as Arrow RecordBatches, one per DuckDB chunk. */
export async function* streamArrow(connection: DuckDBConnection, sql: string): AsyncGenerator<arrow.RecordBatch> {
  yield* arrowBatchesOf(await connection.stream(sql));
}

/** Reads a DuckDB result to the end as one Arrow Table (an empty result keeps its schema). */
export async function arrowTableOf(result: DuckDBResult): Promise<arrow.Table> {
  const { Table } = await import('apache-arrow');
  const { arrowSchemaOf } = await import('./arrow/duckdb-to-arrow.js');
  const batches: arrow.RecordBatch[] = [];
  for await (const batch of arrowBatchesOf(result)) batches.push(batch);
  return batches.length === 0 ? new Table(arrowSchemaOf(result)) : new Table(batches);
}

async function* arrowBatchesOf(result: DuckDBResult): AsyncGenerator<arrow.RecordBatch> {
  const { arrowSchemaOf, chunkToRecordBatch } = await import('./arrow/duckdb-to-arrow.js');
  const schema = arrowSchemaOf(result);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    yield chunkToRecordBatch(chunk, schema);
  }
}

export { readChips, readChipsArrow, type ChipBatch, type ReadChipsOptions } from './ml/read-chips.js';
export { stackChips, type ChipRecord, type ChipTensor } from './ml/stack-chips.js';
