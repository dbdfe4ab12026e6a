/**
 * Backend messages, built with pg-protocol's Writer (node-postgres' own buffer writer,
 * which writes the type byte and length header on flush).
 */
import { Writer } from 'pg-protocol/dist/buffer-writer.js';

/** A column as RowDescription describes it. */
export interface ColumnDescription {
  readonly name: string;
  readonly oid: number;
  /** 0 text, 1 binary. */
  readonly format: number;
}

/** Transaction status in ReadyForQuery: idle, in a transaction, in a failed transaction. */
export type TransactionStatus = 'I' | 'T' | 'E';

/** Error or notice fields; `code` is the SQLSTATE. */
export interface ErrorFields {
  readonly severity: 'ERROR' | 'FATAL';
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
}

const code = (c: string): number => c.charCodeAt(0);
const empty = (c: string): Buffer => new Writer(8).flush(code(c));

export const parseComplete = (): Buffer => empty('1');
export const bindComplete = (): Buffer => empty('2');
export const closeComplete = (): Buffer => empty('3');
export const noData = (): Buffer => empty('n');
export const portalSuspended = (): Buffer => empty('s');
export const emptyQueryResponse = (): Buffer => empty('I');

export function readyForQuery(status: TransactionStatus): Buffer {
  return new Writer(8).addString(status).flush(code('Z'));
}

export function commandComplete(tag: string): Buffer {
  return new Writer().addCString(tag).flush(code('C'));
}

export function parameterStatus(name: string, value: string): Buffer {
  return new Writer().addCString(name).addCString(value).flush(code('S'));
}

export function backendKeyData(pid: number, secret: number): Buffer {
  return new Writer(16).addInt32(pid).addInt32(secret).flush(code('K'));
}

export function parameterDescription(oids: readonly number[]): Buffer {
  const w = new Writer().addInt16(oids.length);
  for (const oid of oids) w.addInt32(oid);
  return w.flush(code('t'));
}

export function rowDescription(columns: readonly ColumnDescription[]): Buffer {
  const w = new Writer().addInt16(columns.length);
  for (const c of columns) {
    // no table OID or attribute number: results are not tied to a table; typmod -1, size -1 (varlena)
    w.addCString(c.name).addInt32(0).addInt16(0).addInt32(c.oid).addInt16(-1).addInt32(-1).addInt16(c.format);
  }
  return w.flush(code('T'));
}

/** ErrorResponse ('E') or, with `notice`, NoticeResponse ('N'). */
export function errorResponse(e: ErrorFields, notice = false): Buffer {
  const w = new Writer();
  const field = (f: string, v: string | undefined): void => {
    if (v !== undefined) w.addString(f).addCString(v);
  };
  field('S', e.severity);
  field('V', e.severity);
  field('C', e.code);
  field('M', e.message);
  field('D', e.detail);
  field('H', e.hint);
  w.addCString('');
  return w.flush(code(notice ? 'N' : 'E'));
}

/** CopyOutResponse: a text-format COPY of `columns` columns follows. */
export function copyOutResponse(columns: number): Buffer {
  const w = new Writer().add(Buffer.from([0])).addInt16(columns);
  for (let i = 0; i < columns; i++) w.addInt16(0);
  return w.flush(code('H'));
}

/** CopyData carrying one line of COPY output. */
export function copyData(line: string): Buffer {
  // written directly: one exact allocation per line (a line of a chip is megabytes of hex)
  const n = Buffer.byteLength(line);
  const b = Buffer.allocUnsafe(5 + n);
  b[0] = code('d');
  b.writeInt32BE(4 + n, 1);
  b.write(line, 5);
  return b;
}

export const copyDone = (): Buffer => empty('c');

/** What turns a row's encoded fields into one message (DataRow, or CopyData for a COPY). */
export interface RowWriter {
  row(fields: readonly (string | Buffer | null)[]): Buffer;
}

/** Builds DataRow messages; one writer is reused for a whole batch of rows. */
export class DataRowWriter {
  // 256 bytes to start: Buffer.allocUnsafe serves that from its pool, and flush allocates afresh per row
  private readonly w = new Writer(256);

  /** One DataRow from encoded fields (null is SQL NULL). */
  row(fields: readonly (string | Buffer | null)[]): Buffer {
    const w = this.w;
    w.addInt16(fields.length);
    for (const f of fields) {
      if (f === null) w.addInt32(-1);
      else if (typeof f === 'string') w.addInt32PrefixedString(f);
      else w.addInt32(f.length).add(f);
    }
    return w.flush(code('D'));
  }
}
