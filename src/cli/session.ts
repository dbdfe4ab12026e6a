/**
 * A shell session: one connection, an output mode and the dot commands of the DuckDB
 * CLI. Statements run one at a time; errors print DuckDB's message (never a stack trace)
 * and mark the session failed, so a script exits non-zero.
 */
import { readFileSync } from 'node:fs';
import { ResultReturnType, type DuckDBConnection, type DuckDBResultReader as DuckDBMaterializedReader } from '../duckdb.js';
import { arrowTableOf } from '../index.js';
import { render, type OutputMode } from './render.js';

const MODES: readonly OutputMode[] = ['box', 'json', 'csv', 'markdown', 'line', 'list', 'arrow'];

/** Mutable shell state: what to print and how. */
export class Session {
  mode: OutputMode = 'box';
  timer = false;
  failed = false;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly out: (text: string | Uint8Array) => void,
    private readonly err: (text: string) => void,
  ) {}

  /** Runs every statement of a SQL text in order; stops at the first error, as `duckdb -c`. */
  async runSql(sql: string): Promise<boolean> {
    let statements;
    try {
      statements = await this.connection.extractStatements(sql);
    } catch (e) {
      return this.fail(e);
    }
    for (let i = 0; i < statements.count; i++) {
      const started = performance.now();
      try {
        const prepared = await statements.prepare(i);
        if (this.mode === 'arrow') this.out((await import('apache-arrow')).tableToIPC(await arrowTableOf(await prepared.stream()), 'stream'));
        else await this.printRows(await prepared.runAndReadAll());
      } catch (e) {
        return this.fail(e);
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
    this.out(render(textMode, { names, types: reader.columnTypes(), rows: reader.getRows() }) + '\n');
  }

  private fail(e: unknown): false {
    this.failed = true;
    this.err(e instanceof Error ? e.message : String(e));
    return false;
  }

  /** Runs a dot command; returns 'quit' for .quit/.exit. */
  async runDot(line: string): Promise<'quit' | void> {
    const [cmd, ...rest] = line.trim().split(/\s+/);
    const arg = rest.join(' ');
    switch (cmd) {
      case '.quit': case '.exit': return 'quit';
      case '.mode': return this.setMode(arg);
      case '.timer': this.timer = arg === 'on'; return;
      case '.read': return void (await this.runFile(arg));
      case '.tables': return void (await this.runSql('SELECT name FROM (SHOW TABLES) ORDER BY name'));
      case '.help': return this.err(HELP);
      default: this.err(`Error: unknown command "${cmd}". Enter ".help" for help`);
    }
  }

  private setMode(mode: string): void {
    const m = mode === 'duckbox' ? 'box' : mode;
    if ((MODES as readonly string[]).includes(m)) this.mode = m as OutputMode;
    else this.err(`Error: mode should be one of: ${MODES.join(' ')}`);
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

  /** Runs a script: dot-command lines and SQL between them, in order. */
  async runScript(text: string): Promise<boolean> {
    let sql = '';
    for (const line of text.split('\n')) {
      const pending = sql.trim();
      if (line.trimStart().startsWith('.') && (pending === '' || pending.endsWith(';'))) {
        if (pending && !(await this.runSql(sql))) return false;
        sql = '';
        if ((await this.runDot(line)) === 'quit') return true;
        continue;
      }
      sql += line + '\n';
    }
    return sql.trim() ? this.runSql(sql) : true;
  }
}

export const HELP = `.exit/.quit        leave the shell
.mode MODE         box (default), json, csv, markdown, line, list, arrow
.read FILE         run the SQL (and dot commands) in FILE
.tables            list tables and views
.timer on|off      print the time each statement takes`;
