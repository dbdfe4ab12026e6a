/**
 * rasterduck's four error kinds. Only an error's message crosses into SQL, so the
 * message carries everything a user needs: which function, which row and file, what was
 * wrong and what to do about it.
 */

/** Where an error happened and what the user can do, carried by every rasterduck error. */
export interface ErrorContext {
  /** The SQL function that failed, added by the adapter (e.g. `cog_metadata`). */
  fn?: string;
  /** The file or URL involved. */
  url?: string;
  /**
   * The 0-based row, counted from the start of the query's input: functions give the row
   * of their DuckDB chunk and the adapter adds the chunk's first row ({@link RasterduckError.fromRow}).
   */
  row?: number;
  /** What was wrong, in one sentence. */
  reason: string;
  /** What to do about it. */
  hint?: string;
  cause?: unknown;
}

/** The kinds, so code can switch on `error.kind` without instanceof chains. */
export type ErrorKind = 'input' | 'format' | 'fetch' | 'internal';

/** Base of all rasterduck errors; the message is rebuilt whenever context is added. */
export abstract class RasterduckError extends Error {
  abstract readonly kind: ErrorKind;
  fn?: string;
  url?: string;
  row?: number;
  readonly reason: string;
  readonly hint?: string;

  constructor(ctx: ErrorContext) {
    super(ctx.reason, ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.fn = ctx.fn;
    this.url = ctx.url;
    this.row = ctx.row;
    this.reason = ctx.reason;
    this.hint = ctx.hint;
    this.message = this.format();
  }

  /** Adds the SQL function and row, as the adapter knows them, and returns this error. */
  within(fn: string, row?: number): this {
    this.fn ??= fn;
    this.row ??= row;
    this.message = this.format();
    return this;
  }

  /**
   * Moves a chunk-relative row to the query's input: `first` is the input row the chunk
   * started at. Errors without a row are left as they are.
   */
  fromRow(first: number): this {
    if (this.row !== undefined && first !== 0) {
      this.row += first;
      this.message = this.format();
    }
    return this;
  }

  private format(): string {
    const where: string[] = [];
    if (this.row !== undefined) where.push(`row ${this.row}`);
    const head = [this.fn, where.join(' ')].filter(Boolean).join(': ');
    const file = this.url ? `${head ? ' ' : ''}(${this.url})` : '';
    const prefix = head || file ? `${head}${file}: ` : '';
    return `${prefix}${this.reason}${this.hint ? `. ${this.hint}` : ''}`;
  }
}

/** A bad argument: wrong type, unparsable geometry, unknown option. Raised before any I/O. */
export class InputError extends RasterduckError {
  readonly kind = 'input' as const;
}

/** A file rasterduck refuses: not a TIFF, corrupt, or a layout it cannot read exactly. */
export class FormatError extends RasterduckError {
  readonly kind = 'format' as const;
}

/** A fetch that failed after retries (HTTP status, timeout, missing file). */
export class FetchError extends RasterduckError {
  readonly kind = 'fetch' as const;
  readonly status?: number;
  constructor(ctx: ErrorContext & { status?: number }) {
    super(ctx);
    this.status = ctx.status;
  }
}

/** A bug in rasterduck: please report it with the message. */
export class InternalError extends RasterduckError {
  readonly kind = 'internal' as const;
}

/** True for any rasterduck error, including ones rebuilt after crossing a worker. */
export function isRasterduckError(e: unknown): e is RasterduckError {
  return e instanceof RasterduckError;
}

/**
 * Turns anything thrown into a RasterduckError: ours pass through, anything else (a
 * TypeError from a bug, a Node system error) becomes an InternalError naming its origin.
 */
export function asRasterduckError(e: unknown, url?: string): RasterduckError {
  if (e instanceof RasterduckError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new InternalError({ url, reason: `unexpected error: ${message}`, hint: 'This is a bug in rasterduck; please report it', cause: e });
}

/** Plain data form of an error, for crossing a worker boundary (structured clone drops classes). */
export interface ErrorRecord extends ErrorContext {
  kind: ErrorKind;
  status?: number;
}

/** Flattens an error for postMessage. */
export function toErrorRecord(e: unknown, url?: string): ErrorRecord {
  const err = asRasterduckError(e, url);
  return { kind: err.kind, fn: err.fn, url: err.url, row: err.row, reason: err.reason, hint: err.hint, status: err instanceof FetchError ? err.status : undefined };
}

/** Rebuilds the error class from its plain record. */
export function fromErrorRecord(r: ErrorRecord): RasterduckError {
  switch (r.kind) {
    case 'input': return new InputError(r);
    case 'format': return new FormatError(r);
    case 'fetch': return new FetchError(r);
    default: return new InternalError(r);
  }
}
