/**
 * The DuckDB CLI's dot commands that rasterduck's shell supports. Arguments are split on
 * spaces, and single or double quotes keep spaces in one, as DuckDB's shell does.
 */
import { closeDatabase, openDatabase } from './open.js';
import { MODES, type OutputMode } from './render.js';
import type { Session } from './session.js';

/** What a dot command did: 'quit' ends the input, 'error' counts as a failure. */
export type DotResult = 'quit' | 'error' | void;

type Command = (s: Session, args: string[]) => Promise<DotResult> | DotResult;

/** Splits a dot-command line into words, honouring quotes. */
export function dotArgs(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of line.trim().matchAll(re)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]));
  return words;
}

/** Prints a usage error and returns 'error'. */
function bad(s: Session, message: string): 'error' {
  s.fail(new Error(message));
  return 'error';
}

function onOff(s: Session, value: string | undefined, name: string): boolean | undefined {
  const v = value?.toLowerCase();
  if (v === 'on' || v === 'true' || v === 'yes' || v === '1') return true;
  if (v === 'off' || v === 'false' || v === 'no' || v === '0') return false;
  s.fail(new Error(`Error: .${name} expects on or off`));
  return undefined;
}

function toggle(set: (s: Session, v: boolean) => void, name: string): Command {
  return (s, [v]) => {
    const b = onOff(s, v, name);
    if (b === undefined) return 'error';
    set(s, b);
  };
}

function count(set: (s: Session, n: number) => void, name: string): Command {
  return (s, [v]) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) return bad(s, `Error: .${name} expects a whole number, got "${v ?? ''}"`);
    set(s, n);
  };
}

function setMode(s: Session, [mode]: string[]): DotResult {
  const m = mode === 'duckbox' ? 'box' : mode;
  if (!(MODES as readonly string[]).includes(m)) {
    s.fail(new Error(`Error: mode should be one of: ${MODES.join(' ')}`));
    return 'error';
  }
  s.mode = m as OutputMode;
  // as DuckDB: csv mode separates with a comma, list mode with a bar
  if (m === 'csv') s.render.separator = ',';
  if (m === 'list') s.render.separator = '|';
}

const sqlString = (v: string) => `'${v.replaceAll("'", "''")}'`;

async function schema(s: Session, [pattern]: string[]): Promise<DotResult> {
  const like = pattern ? ` AND name LIKE ${sqlString(pattern)}` : '';
  const rows = await query(s, `SELECT sql FROM (
      SELECT table_name AS name, sql, 1 AS k FROM duckdb_tables() WHERE NOT internal AND NOT temporary
      UNION ALL SELECT view_name, sql, 2 FROM duckdb_views() WHERE NOT internal AND NOT temporary
      UNION ALL SELECT index_name, sql, 3 FROM duckdb_indexes() WHERE sql IS NOT NULL
    ) WHERE sql IS NOT NULL${like} ORDER BY k, name`);
  if (rows === undefined) return 'error';
  for (const [sql] of rows) s.print(String(sql).trim().endsWith(';') ? String(sql).trim() : `${String(sql).trim()};`);
}

async function databases(s: Session): Promise<DotResult> {
  const rows = await query(s, 'SELECT database_name, path, readonly FROM duckdb_databases() WHERE NOT internal ORDER BY database_oid');
  if (rows === undefined) return 'error';
  for (const [name, file, ro] of rows) s.print(`${String(name)}: ${file === null ? ':memory:' : String(file)}${ro ? ' (read only)' : ''}`);
}

/** Runs SQL for a dot command and returns its rows; prints the error and returns undefined. */
async function query(s: Session, sql: string): Promise<unknown[][] | undefined> {
  try {
    return (await s.connection.runAndReadAll(sql)).getRows();
  } catch (e) {
    s.fail(e);
    return undefined;
  }
}

async function open(s: Session, args: string[]): Promise<DotResult> {
  if (!s.database) return bad(s, 'Error: .open is not available here');
  const readonly = args.includes('--readonly');
  const file = args.find((a) => !a.startsWith('--')) ?? ':memory:';
  let next;
  try {
    next = await openDatabase(file, readonly);
  } catch (e) {
    s.fail(e);
    return 'error';
  }
  await closeDatabase(s.database);
  s.database = next;
}

const COMMANDS: Record<string, Command> = {
  '.bail': (s, [v]) => {
    if (v === 'auto') return void (s.bail = 'auto');
    const b = onOff(s, v, 'bail');
    if (b === undefined) return 'error';
    s.bail = b ? 'on' : 'off';
  },
  '.databases': databases,
  '.echo': toggle((s, v) => (s.echo = v), 'echo'),
  '.exit': (s, [code]) => {
    if (code !== undefined) s.exitCode = Number(code) || 0;
    return 'quit';
  },
  '.quit': () => 'quit',
  '.headers': toggle((s, v) => (s.render.headers = v), 'headers'),
  '.header': toggle((s, v) => (s.render.headers = v), 'headers'),
  '.help': (s) => s.err(HELP),
  '.maxrows': count((s, n) => (s.render.maxRows = n), 'maxrows'),
  '.maxwidth': count((s, n) => (s.render.maxWidth = n), 'maxwidth'),
  '.mode': setMode,
  '.nullvalue': (s, [v]) => void (s.render.nullValue = v ?? ''),
  '.once': (s, [file]) => redirect(s, file, true),
  '.output': (s, [file]) => redirect(s, file, false),
  '.open': open,
  '.print': (s, args) => s.print(args.join(' ')),
  '.read': async (s, [file]) => ((await s.runFile(file ?? '')) ? undefined : 'error'),
  '.schema': schema,
  '.separator': (s, [col]) => {
    if (col === undefined) return bad(s, 'Error: .separator expects a separator');
    s.render.separator = col.replaceAll('\\t', '\t').replaceAll('\\n', '\n');
  },
  '.tables': async (s) => ((await s.runSql('SELECT name FROM (SHOW TABLES) ORDER BY name')) ? undefined : 'error'),
  '.timer': toggle((s, v) => (s.timer = v), 'timer'),
};

function redirect(s: Session, file: string | undefined, once: boolean): DotResult {
  try {
    s.sink.redirect(file, once);
  } catch (e) {
    s.fail(new Error(`Error: cannot write to "${file}": ${(e as Error).message}`));
    return 'error';
  }
}

/** Runs one dot-command line. An unknown command is an error, as in DuckDB. */
export async function runDot(s: Session, line: string): Promise<DotResult> {
  const [cmd, ...args] = dotArgs(line);
  const run = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (!run) {
    s.fail(new Error(`Error: unknown command or invalid arguments: "${cmd.slice(1)}". Enter ".help" for help`));
    return 'error';
  }
  return run(s, args);
}

export const HELP = `.bail on|off|auto     stop after an error (auto: in scripts, -c and pipes, not at the prompt)
.databases            list attached databases and their files
.echo on|off          print each command before running it
.exit ?CODE?          leave the shell (with exit status CODE)
.headers on|off       column names in csv, list, table, html (duckbox always has them)
.help                 this text
.maxrows N            rows a box shows (default 40, 0 for all)
.maxwidth N           width a box fits (default 0: the terminal's)
.mode MODE            ${MODES.join(', ')} (default box)
.nullvalue TEXT       how NULL prints
.once FILE            send the next result to FILE
.open ?--readonly? ?FILE?  close this database and open FILE (in memory without FILE)
.output ?FILE?        send results to FILE, or back to stdout without FILE
.print TEXT...        print TEXT
.quit                 leave the shell
.read FILE            run the SQL (and dot commands) in FILE
.schema ?PATTERN?     CREATE statements of tables, views and indexes (names LIKE PATTERN)
.separator SEP        column separator of list and csv modes
.tables               list tables and views
.timer on|off         print the time each statement takes
Ctrl-C stops the running query and keeps the shell; Ctrl-D leaves it.`;
