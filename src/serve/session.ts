/**
 * One client session after start-up: its own DuckDB connection, the simple and extended
 * query protocols, named and unnamed statements and portals, the transaction status, and
 * cancel/timeout through DuckDB's interrupt(). Output is buffered until Sync, Flush, the
 * end of a simple query or a full batch, as a Postgres backend buffers it.
 */
import { BLOB, DuckDBBlobValue, DuckDBTypeId, type DuckDBConnection } from '../duckdb.js';
import { bindComplete, closeComplete, commandComplete, copyData, copyDone, copyOutResponse, emptyQueryResponse, errorResponse, noData, parameterDescription, parameterStatus, parseComplete, portalSuspended, readyForQuery, rowDescription, type ErrorFields, type TransactionStatus } from './backend.js';
import { REPORTED, type ClientSettings } from './client-settings.js';
import { leadingWords, statusAfter } from './command-tag.js';
import { copyLine, CopyRowWriter, parseCopyTo } from './copy-out.js';
import { decodeFrontend, ProtocolViolation, type FrontendMessage } from './frontend.js';
import { decodeBinaryParam, type BoundParam } from './pg-binary.js';
import { renameViewsAsViews, rewritePgForms } from './pg-compat.js';
import { OID, oidOf } from './pg-oids.js';
import { ClientError, paramTypeOf, Portal, type Statement } from './portal.js';
import { errorFieldsOf } from './sqlstate.js';
import { splitStatements } from './statement-split.js';

/** Settings a session runs under. */
export interface SessionOptions {
  /** Milliseconds a statement may run before it is interrupted; 0 = no limit. */
  readonly queryTimeoutMs: number;
}

const FLUSH_BYTES = 256 * 1024;
// statement kinds whose prepared form has result columns before it runs
const ROW_STATEMENTS = new Set([1, 4, 17, 19]); // SELECT, EXPLAIN, PRAGMA, CALL (DuckDB's StatementType)

export class Session {
  status: TransactionStatus = 'I';
  /** Set after a protocol violation: the connection must close once the error is sent. */
  fatal = false;
  private readonly statements = new Map<string, Statement>();
  private readonly portals = new Map<string, Portal>();
  private skipping = false;
  private out: Buffer[] = [];
  private outBytes = 0;
  private running = false;
  private closing = false;
  private stopReason?: 'cancel' | 'timeout';

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly settings: ClientSettings,
    private readonly options: SessionOptions,
  ) {}

  /** Every reported parameter, for start-up. */
  async startupStatus(): Promise<Buffer[]> {
    return Promise.all(REPORTED.map(async (name) => parameterStatus(name, await this.reportValue(name))));
  }

  /** A reported parameter's value; TimeZone is DuckDB's own setting. */
  private async reportValue(name: string): Promise<string> {
    if (name.toLowerCase() !== 'timezone') return this.settings.get(name) ?? '';
    const rows = (await this.connection.runAndReadAll("SELECT current_setting('TimeZone')")).getRows();
    return String(rows[0]?.[0] ?? '');
  }

  /** CancelRequest: interrupts the running statement, if any (Postgres ignores a cancel between statements too). */
  cancel(): void {
    if (!this.running) return;
    this.stopReason = 'cancel';
    this.connection.interrupt();
  }

  /** The client went away: stops what runs and closes the DuckDB connection once it has stopped. */
  close(): void {
    this.closing = true;
    if (this.running) this.connection.interrupt();
    else this.connection.closeSync();
  }

  /** Handles one framed message and yields the bytes to send; `fatal` is set when the session must end. */
  async *handle(message: Uint8Array): AsyncGenerator<Buffer> {
    let m: FrontendMessage;
    try {
      m = decodeFrontend(message);
    } catch (e) {
      if (!(e instanceof ProtocolViolation)) throw e;
      this.fatal = true;
      yield Buffer.concat([...this.take(), errorResponse({ severity: 'FATAL', code: '08P01', message: e.message })]);
      return;
    }
    if (m.type === 'terminate') {
      this.fatal = true;
      return;
    }
    if (this.skipping && m.type !== 'sync' && m.type !== 'query') return;
    try {
      yield* this.dispatch(m);
    } catch (e) {
      this.fail(e);
      if (m.type === 'query') this.push(readyForQuery(this.status));
      else this.skipping = true;
      yield* this.flush(true);
    }
  }

  private async *dispatch(m: FrontendMessage): AsyncGenerator<Buffer> {
    switch (m.type) {
      case 'query': return yield* this.simpleQuery(m.sql);
      case 'parse': return this.parse(m.name, m.sql, m.paramOids);
      case 'bind': return this.bind(m);
      case 'describe': return this.describe(m.target, m.name);
      case 'execute': return yield* this.execute(this.portal(m.portal), m.maxRows);
      case 'close': return this.closeTarget(m.target, m.name);
      case 'flush': return yield* this.flush(true);
      case 'sync':
        this.skipping = false;
        this.push(readyForQuery(this.status));
        return yield* this.flush(true);
    }
  }

  private async *simpleQuery(sql: string): AsyncGenerator<Buffer> {
    const texts = splitStatements(sql);
    if (texts.length === 0) this.push(emptyQueryResponse());
    this.dropUnnamed();
    for (const text of texts) {
      const portal = this.newPortal(await this.prepare(text, []), [], []);
      this.portals.set('', portal);
      await this.guarded(() => portal.start());
      if (portal.returnsRows) this.push(portal.describe());
      yield* this.execute(portal, 0);
    }
    this.push(readyForQuery(this.status));
    yield* this.flush(true);
  }

  private async prepare(sql: string, paramOids: readonly number[]): Promise<Statement> {
    // COMMIT of a failed transaction rolls it back, as in Postgres
    await this.materializeStreams();
    const text = this.status === 'E' && leadingWords(sql, 1)[0] === 'COMMIT' ? 'ROLLBACK' : await renameViewsAsViews(this.settings.rewriteCurrentSetting(rewritePgForms(sql)), this.connection);
    const copy = parseCopyTo(text);
    const plan = copy ? { sql: copy.query, copy: copy.options } : this.settings.plan(text);
    const prepared = plan.sql === undefined ? undefined : await this.connection.prepare(plan.sql);
    return { sql, plan, prepared, paramOids };
  }

  /** A portal; a COPY's rows are text fields written as CopyData. */
  private newPortal(statement: Statement, params: readonly (BoundParam | null)[], resultFormats: readonly number[]): Portal {
    const copy = statement.plan.copy;
    return copy ? new Portal(statement, params, [], this.settings.geometry, new CopyRowWriter(copy)) : new Portal(statement, params, resultFormats, this.settings.geometry);
  }

  private async parse(name: string, sql: string, paramOids: readonly number[]): Promise<void> {
    if (name !== '' && this.statements.has(name)) throw new ClientError('42P05', `prepared statement "${name}" already exists`);
    if (splitStatements(sql).length > 1) throw new ClientError('42601', 'cannot insert multiple commands into a prepared statement');
    const statement = await this.prepare(sql, paramOids);
    // a new unnamed statement replaces the old one; portals bound from it live on, as in Postgres
    this.closeStatement(name, name !== '');
    this.statements.set(name, statement);
    this.push(parseComplete());
  }

  private bind(m: Extract<FrontendMessage, { type: 'bind' }>): void {
    const statement = this.statements.get(m.statement);
    if (!statement) throw new ClientError('26000', `prepared statement "${m.statement}" does not exist`);
    const expected = statement.prepared?.parameterCount ?? 0;
    if (m.params.length !== expected) throw new ClientError('08P01', `bind message supplies ${m.params.length} parameters, but prepared statement "${m.statement}" requires ${expected}`);
    const params = m.params.map((bytes, i) => (bytes === null ? null : this.param(statement, i, bytes, m.paramFormats)));
    if (m.portal !== '' && this.portals.has(m.portal)) throw new ClientError('42P03', `portal "${m.portal}" already exists`);
    this.portals.set(m.portal, this.newPortal(statement, params, m.resultFormats));
    this.push(bindComplete());
  }

  private param(statement: Statement, i: number, bytes: Buffer, formats: readonly number[]): BoundParam {
    const format = formats.length === 0 ? 0 : formats.length === 1 ? formats[0] : formats[i];
    const type = statement.prepared ? paramTypeOf(statement.prepared, i + 1) : undefined;
    if (format === 1) return decodeBinaryParam(statement.paramOids[i] || (type ? oidOf(type, this.settings.geometry) : 0), bytes);
    const text = bytes.toString('utf8');
    // bytea's text input is hex ('\x0102'); DuckDB's VARCHAR -> BLOB cast reads '\x01' escapes instead
    if ((type?.typeId === DuckDBTypeId.BLOB || statement.paramOids[i] === OID.bytea) && /^\\x([0-9a-f]{2})*$/i.test(text)) {
      return { kind: 'value', value: new DuckDBBlobValue(Buffer.from(text.slice(2), 'hex')), type: BLOB };
    }
    return { kind: 'text', text };
  }

  private async describe(target: 'S' | 'P', name: string): Promise<void> {
    if (target === 'P') {
      const portal = this.portal(name);
      await this.materializeStreams(portal);
      await this.guarded(() => portal.start());
      this.push(portal.describe());
      return;
    }
    const statement = this.statements.get(name);
    if (!statement) throw new ClientError('26000', `prepared statement "${name}" does not exist`);
    const p = statement.prepared;
    const count = p?.parameterCount ?? 0;
    const oids = Array.from({ length: count }, (_, i) => {
      const type = p ? paramTypeOf(p, i + 1) : undefined;
      return statement.paramOids[i] || (type ? oidOf(type, this.settings.geometry) : OID.text);
    });
    this.push(parameterDescription(oids));
    // before binding, DuckDB knows the result columns only when every parameter type is known
    const known = p && ROW_STATEMENTS.has(p.statementType) && Array.from({ length: p.columnCount }, (_, c) => p.columnTypeId(c)).every((t) => t !== DuckDBTypeId.INVALID);
    this.push(known ? rowDescription(Array.from({ length: p.columnCount }, (_, c) => ({ name: p.columnName(c), oid: oidOf(p.columnType(c), this.settings.geometry), format: 0 }))) : noData());
  }

  private async *execute(portal: Portal, maxRows: number): AsyncGenerator<Buffer> {
    await this.materializeStreams(portal);
    await this.guarded(async () => {
      await portal.start();
      portal.statement.plan.apply?.();
    });
    const copy = portal.statement.plan.copy;
    if (copy && !portal.copyBegun) {
      portal.copyBegun = true;
      this.push(copyOutResponse(portal.columnCount));
      if (copy.header) this.push(copyData(copyLine(portal.columnNames, copy)));
    }
    let left = maxRows;
    let sent = 0;
    for (;;) {
      const batch = await this.guarded(() => portal.next(maxRows > 0 ? left : 0));
      if (!batch) break;
      for (const m of batch.messages) this.push(m);
      sent += batch.messages.length;
      if (maxRows > 0 && (left -= batch.messages.length) <= 0) break;
      yield* this.flush(false);
    }
    if (!portal.done && maxRows > 0 && left <= 0) {
      // more rows may follow: Postgres says PortalSuspended whenever the limit was reached
      this.push(portalSuspended());
      return;
    }
    const plan = portal.statement.plan;
    if (copy) this.push(copyDone());
    this.status = statusAfter(plan.sql ?? portal.statement.sql, this.status);
    this.push(commandComplete(portal.tag(sent)));
    for (const name of plan.reports ?? []) this.push(parameterStatus(this.settings.nameOf(name), await this.reportValue(name)));
  }

  private closeTarget(target: 'S' | 'P', name: string): void {
    if (target === 'S') this.closeStatement(name);
    else this.portals.delete(name);
    this.push(closeComplete());
  }

  /** Forgets a statement and (with `portals`) the portals bound from it; DuckDB's statement goes once no portal uses it. */
  private closeStatement(name: string, portals = true): void {
    const old = this.statements.get(name);
    if (!old) return;
    this.statements.delete(name);
    if (portals) for (const [key, portal] of this.portals) if (portal.statement === old) this.portals.delete(key);
    if (![...this.portals.values()].some((p) => p.statement === old)) old.prepared?.destroySync();
  }

  private dropUnnamed(): void {
    this.portals.delete('');
    this.closeStatement('');
  }

  private portal(name: string): Portal {
    const portal = this.portals.get(name);
    if (!portal) throw new ClientError('34000', `portal "${name}" does not exist`);
    return portal;
  }

  /** Reads out every other portal's open DuckDB stream: the connection can run one statement at a time. */
  private async materializeStreams(except?: Portal): Promise<void> {
    for (const p of this.portals.values()) if (p !== except && p.streaming) await p.materialize();
  }

  /** Runs DuckDB work under the statement timeout, with cancel able to interrupt it. */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    this.running = true;
    this.stopReason = undefined;
    const ms = this.options.queryTimeoutMs;
    const timer = ms > 0 ? setTimeout(() => { this.stopReason = 'timeout'; this.connection.interrupt(); }, ms) : undefined;
    try {
      return await work();
    } finally {
      clearTimeout(timer);
      this.running = false;
      if (this.closing) this.connection.closeSync();
    }
  }

  private fail(e: unknown): void {
    const fields: ErrorFields = e instanceof ClientError ? { severity: 'ERROR', code: e.code, message: e.message } : errorFieldsOf(e);
    const stopped = fields.code === '57014' && this.stopReason;
    const message = stopped === 'timeout' ? `canceling statement due to statement timeout (${this.options.queryTimeoutMs} ms)` : stopped === 'cancel' ? 'canceling statement due to user request' : fields.message;
    this.stopReason = undefined;
    if (this.status === 'T') this.status = 'E';
    this.push(errorResponse({ ...fields, message }));
  }

  private push(b: Buffer): void {
    this.out.push(b);
    this.outBytes += b.length;
  }

  private take(): Buffer[] {
    const out = this.out;
    this.out = [];
    this.outBytes = 0;
    return out;
  }

  private *flush(always: boolean): Generator<Buffer> {
    if (this.outBytes === 0 || (!always && this.outBytes < FLUSH_BYTES)) return;
    yield Buffer.concat(this.take());
  }
}
