/**
 * A portal: one bound statement and its running result. The result streams from DuckDB a
 * chunk at a time and goes out as DataRow batches, so a large result is never held in
 * memory; Execute's row limit stops mid-chunk and the next Execute resumes there
 * (PortalSuspended in between).
 */
import { DuckDBTypeId, ResultReturnType, VARCHAR, type DuckDBDataChunk, type DuckDBPreparedStatement, type DuckDBResult, type DuckDBType, type DuckDBValue } from '../duckdb.js';
import { DataRowWriter, noData, rowDescription, type ColumnDescription, type RowWriter } from './backend.js';
import type { Plan } from './client-settings.js';
import { commandTag } from './command-tag.js';
import { binaryEncoder } from './pg-binary.js';
import type { BoundParam } from './pg-binary.js';
import { oidOf, type GeometryFormat } from './pg-oids.js';
import { textEncoder } from './pg-text.js';

/** A statement as Parse left it: what to run and DuckDB's prepared form of it. */
export interface Statement {
  readonly sql: string;
  readonly plan: Plan;
  readonly prepared: DuckDBPreparedStatement | undefined;
  /** Parameter types the client gave (0 = let the server choose). */
  readonly paramOids: readonly number[];
}

/**
 * Run once per session connection: DuckDB computes a streaming result ahead of the reader up
 * to `streaming_buffer_size` (about 1 MB by default), checked per 2048-row chunk; with chip
 * rows it ran far ahead (peak RSS 1.1 GB after 16,384 rows of 32 KiB chips, 0.52 GB with
 * 64 KB). A chunk being produced while one is sent is enough to keep the socket busy.
 */
export const STREAMING_SQL = "SET streaming_buffer_size = '64KB'";

/** Encoded bytes per batch: the server's memory for a result is about this plus one DuckDB chunk. */
const BATCH_BYTES = 1 << 20;

interface Column {
  readonly description: ColumnDescription;
  readonly encode: (v: DuckDBValue) => string | Buffer;
}

/** DataRow messages of one batch and their total size. */
export interface RowBatch {
  readonly messages: Buffer[];
  readonly bytes: number;
}

/** A SQL error the client caused, with its SQLSTATE. */
export class ClientError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class Portal {
  private result?: DuckDBResult;
  private columns?: Column[];
  private chunk?: DuckDBDataChunk;
  private rowInChunk = 0;
  /** Chunks read ahead when another statement needed the connection (see materialize). */
  private readAhead: DuckDBDataChunk[] = [];
  /** DuckDB's result has been read to its end (or into readAhead). */
  private drained = false;
  private started = false;
  private rowsChanged = 0;
  /** Rows sent so far. */
  sent = 0;
  done = false;
  /** A COPY's CopyOutResponse has been sent (the session sends it at the first Execute). */
  copyBegun = false;

  constructor(
    readonly statement: Statement,
    private readonly params: readonly (BoundParam | null)[],
    private readonly resultFormats: readonly number[],
    private readonly geometry: GeometryFormat,
    /** DataRow by default; a COPY's rows go out as CopyData. */
    private readonly rows: RowWriter = new DataRowWriter(),
  ) {}

  /** Whether DuckDB holds an open streaming result for this portal. */
  get streaming(): boolean {
    return this.result !== undefined && !this.done && !this.drained;
  }

  /** Binds the parameters and starts the statement (once); throws DuckDB's error. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const p = this.statement.prepared;
    if (!p) {
      this.done = true;
      return;
    }
    p.clearBindings();
    this.params.forEach((param, i) => {
      if (param === null) p.bindNull(i + 1);
      else if (param.kind === 'text') p.bindValue(i + 1, param.text, VARCHAR);
      else p.bindValue(i + 1, param.value, param.type);
    });
    const result = await p.stream();
    if (result.returnType === ResultReturnType.QUERY_RESULT) {
      this.result = result;
      this.columns = result.columnTypes().map((type, i) => this.column(result.columnName(i), type, i));
    } else {
      this.rowsChanged = result.rowsChanged;
      this.done = true;
    }
  }

  private column(name: string, type: DuckDBType, index: number): Column {
    const f = this.resultFormats;
    const format = f.length === 0 ? 0 : f.length === 1 ? f[0] : f[index] ?? 0;
    const description = { name, oid: oidOf(type, this.geometry), format };
    if (format === 0) return { description, encode: textEncoder(type, this.geometry) };
    const binary = binaryEncoder(type, this.geometry);
    if (!binary) throw new ClientError('0A000', `binary output of ${type.toString()} (column "${name}") is not supported; request text format for it`);
    return { description, encode: binary };
  }

  /** RowDescription, or NoData for a statement without rows (call start first). */
  describe(): Buffer {
    // a COPY describes itself as NoData, as in Postgres; its columns come in CopyOutResponse
    return this.columns && !this.statement.plan.copy ? rowDescription(this.columns.map((c) => c.description)) : noData();
  }

  /** The number of result columns (0 before start or without rows). */
  get columnCount(): number {
    return this.columns?.length ?? 0;
  }

  /** The result's column names. */
  get columnNames(): string[] {
    return this.columns?.map((c) => c.description.name) ?? [];
  }

  /** Whether the statement returns rows. */
  get returnsRows(): boolean {
    return this.columns !== undefined;
  }

  /**
   * Up to `maxRows` rows (0 = no limit) as DataRow messages, from one DuckDB chunk and
   * stopping once `maxBytes` are encoded: a chunk of 2048 chips is hundreds of MB as text.
   */
  async next(maxRows: number, maxBytes = BATCH_BYTES): Promise<RowBatch | undefined> {
    if (this.done || !this.columns) return undefined;
    const chunk = await this.currentChunk();
    if (!chunk) {
      this.done = true;
      return undefined;
    }
    const columns = this.columns;
    const vectors = columns.map((_, c) => chunk.getColumnVector(c));
    const end = maxRows > 0 ? Math.min(chunk.rowCount, this.rowInChunk + maxRows) : chunk.rowCount;
    const messages: Buffer[] = [];
    let bytes = 0;
    const fields: (string | Buffer | null)[] = new Array(columns.length);
    let r = this.rowInChunk;
    for (; r < end && bytes < maxBytes; r++) {
      for (let c = 0; c < columns.length; c++) {
        const v = vectors[c].getItem(r);
        fields[c] = v === null ? null : columns[c].encode(v);
      }
      const m = this.rows.row(fields);
      messages.push(m);
      bytes += m.length;
    }
    this.sent += r - this.rowInChunk;
    this.rowInChunk = r;
    if (r >= chunk.rowCount) {
      // free the chunk's native memory now (its rows are copied into the messages) rather than
      // when a GC runs the wrapper's finalizer: V8 does not see native memory, and its heap stays small here
      chunk.reset();
      this.chunk = undefined;
    }
    return { messages, bytes };
  }

  private async currentChunk(): Promise<DuckDBDataChunk | undefined> {
    while (!this.chunk) {
      const next = this.readAhead.length > 0 ? this.readAhead.shift() : this.drained ? undefined : await this.result?.fetchChunk();
      if (!next || next.rowCount === 0) {
        this.drained = true;
        return undefined;
      }
      this.chunk = next;
      this.rowInChunk = 0;
    }
    return this.chunk;
  }

  /**
   * Reads the rest of the result into memory. A DuckDB connection has one streaming result
   * at a time, so a suspended portal is read out before the session runs another statement.
   */
  async materialize(): Promise<void> {
    if (!this.streaming || !this.result) return;
    for (;;) {
      const chunk = await this.result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      this.readAhead.push(chunk);
    }
    this.drained = true;
  }

  /** The CommandComplete tag once the portal has finished; a SELECT counts the rows of the last Execute, as Postgres does. */
  tag(lastExecuteRows: number): string {
    if (this.statement.plan.copy) return `COPY ${this.sent}`;
    return this.statement.plan.tag ?? commandTag(this.statement.plan.sql ?? this.statement.sql, this.columns ? lastExecuteRows : this.rowsChanged, this.columns !== undefined);
  }
}

/** The DuckDB type of a prepared statement's parameter `i` (1-based); undefined when DuckDB leaves it open (`SELECT $1`). */
export function paramTypeOf(p: DuckDBPreparedStatement, i: number): DuckDBType | undefined {
  const id = p.parameterTypeId(i);
  return id === DuckDBTypeId.INVALID || id === DuckDBTypeId.ANY || id === DuckDBTypeId.SQLNULL ? undefined : p.parameterType(i);
}
