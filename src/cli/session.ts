/**
 * A shell session: one connection, the DuckDB CLI's output settings and its error rules.
 * Statements run one at a time; errors print DuckDB's message (never a stack trace) and
 * mark the session failed, so a script exits non-zero. Dot commands are in dot-commands.ts.
 */
import { readFileSync } from 'node:fs';
import { ResultReturnType, type DuckDBConnection, type DuckDBResultReader as DuckDBMaterializedReader } from '../duckdb.js';
import { arrowTableOf } from '../index.js';
import { cancelRequested, resetCancel } from './interrupt-watch.js';
import type { OpenDatabase } from './open.js';
import { OutputSink } from './output-sink.js';
import { DEFAULT_RENDER, render, type OutputMode, type RenderOptions } from './render.js';
import { isCompleteSql } from './sql-complete.js';
import { runDot, type DotResult } from './dot-commands.js';

/** DuckDB's `.bail`: `auto` stops non-interactive input (-c, -f, a pipe) at the first error. */
export type Bail = 'auto' | 'on' | 'off';

const INTERRUPTED = 'INTERRUPT Error: Interrupted!';
const INTERRUPT_REPEAT_MS = 100;

/** Mutable shell state: what to print, how, and what an error does. */
export class Session {
  mode: OutputMode = 'box';
  timer = false;
  failed = false;
  render: { -readonly [K in keyof RenderOptions]: RenderOptions[K] } = { ...DEFAULT_RENDER };
  bail: Bail = 'auto';
  echo = false;
  /** Input comes from a person at a terminal: errors do not stop it (unless .bail on). */
  interactive = false;
  /** Set by `.exit CODE`. */
  exitCode?: number;
  /** A statement is running (the SIGINT handler interrupts only then). */
  running = false;
  /** Ctrl-C arrived during the current input: its remaining statements are skipped. */
  interrupted = false;
  readonly sink: OutputSink;

  constructor(
    private conn: DuckDBConnection,
    out: (text: string | Uint8Array) => void,
    readonly err: (text: string) => void,
    /** The database the shell opened itself (so `.open` can replace it); none for the demos. */
    public database?: OpenDatabase,
  ) {
    this.sink = new OutputSink(out);
  }

  get connection(): DuckDBConnection {
    return this.database?.connection ?? this.conn;
  }

  /** Writes text to the current output (`.output`/`.once`), with a newline. */
  print(text: string): void {
    this.sink.write(text + '\n');
  }

  /** Whether an error stops the input it came from. */
  get stopsOnError(): boolean {
    return this.bail === 'on' || (this.bail === 'auto' && !this.interactive);
  }

  /** Starts a new input: forgets an earlier Ctrl-C. */
  beginInput(): void {
    this.interrupted = false;
    resetCancel();
  }

  /** Ctrl-C (the SIGINT handler calls it): stops the running statement and skips the rest of the input. */
  interrupt(): void {
    this.interrupted = true;
    if (this.running) this.connection.interrupt();
  }

  /** Runs every statement of a SQL text in order; stops at the first error, as `duckdb -c`. */
  async runSql(sql: string): Promise<boolean> {
    let statements;
    try {
      statements = await this.connection.extractStatements(sql);
    } catch (e) {
      return this.fail(e);
    }
    for (let i = 0; i < statements.count; i++) {
      if (this.interrupted || cancelRequested()) return this.fail(new Error(INTERRUPTED));
      const started = performance.now();
      this.running = true;
      // DuckDB forgets an interrupt that lands before its query starts (prepare is async), and
      // the Ctrl-C watcher only sets the bridge's cancel word: repeat until the statement ends
      const repeat = setInterval(() => {
        if (this.interrupted || cancelRequested()) this.connection.interrupt();
      }, INTERRUPT_REPEAT_MS);
      try {
        const prepared = await statements.prepare(i);
        if (this.mode === 'arrow') this.sink.write((await import('apache-arrow')).tableToIPC(await arrowTableOf(await prepared.stream()), 'stream'));
        else await this.printRows(await prepared.runAndReadAll());
      } catch (e) {
        // a Ctrl-C may surface as the error of the read it stopped: say what DuckDB says
        return this.fail(this.interrupted || cancelRequested() ? new Error(INTERRUPTED) : e);
      } finally {
        clearInterval(repeat);
        this.running = false;
        this.sink.endResult();
      }
      if (this.timer) this.err(`Run Time (s): real ${((performance.now() - started) / 1000).toFixed(3)}`);
    }
    return true;
  }

  private async printRows(reader: DuckDBMaterializedReader): Promise<void> {
    const names = reader.columnNames();
    // like the DuckDB shell: DDL and DML print nothing, only queries print rows
    if (names.length === 0 || reader.returnType !== ResultReturnType.QUERY_RESULT) return;
    const textMode = this.mode === 'arrow' ? 'box' : this.mode;
    const maxWidth = this.render.maxWidth || (this.sink.isTerminal ? process.stdout.columns ?? 0 : 0);
    const out = render(textMode, { names, types: reader.columnTypes(), rows: reader.getRows() }, { ...this.render, maxWidth });
    if (out !== '') this.print(out);
  }

  /** Prints an error the DuckDB way and marks the session failed; returns false. */
  fail(e: unknown): false {
    this.failed = true;
    this.err(e instanceof Error ? e.message : String(e));
    return false;
  }

  /** Runs a dot command line. */
  async runDot(line: string): Promise<DotResult> {
    return runDot(this, line);
  }

  /** Runs a SQL file, dot commands included. */
  async runFile(file: string): Promise<boolean> {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return this.fail(new Error(`Error: cannot open "${file}": ${(e as Error).message}`));
    }
    return this.runScript(text);
  }

  /**
   * Runs a script: dot-command lines and SQL, each complete statement as soon as its line
   * ends it, as DuckDB reads input. Returns false if the script stopped on an error (or
   * ran into any error, when errors do not stop it); 'quit' ends it early with true.
   */
  async runScript(text: string): Promise<boolean> {
    let sql = '';
    let ok = true;
    const step = async (result: boolean): Promise<boolean> => {
      if (!result) ok = false;
      return result || !this.stopsOnError;
    };
    for (const line of text.split('\n')) {
      if (sql.trim() === '' && line.trimStart().startsWith('.')) {
        sql = '';
        if (this.echo) this.print(line);
        const r = await this.runDot(line);
        if (r === 'quit') return ok;
        if (!(await step(r !== 'error'))) return false;
        continue;
      }
      sql += line + '\n';
      if (isCompleteSql(sql)) {
        const chunk = sql;
        sql = '';
        if (!(await this.runChunk(chunk, step))) return false;
      }
    }
    if (sql.trim() !== '' && !(await this.runChunk(sql, step))) return false;
    return ok;
  }

  private async runChunk(chunk: string, step: (ok: boolean) => Promise<boolean>): Promise<boolean> {
    if (this.echo) this.print(chunk.trim());
    return step(await this.runSql(chunk));
  }
}
