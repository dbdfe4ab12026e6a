/**
 * The shell's command line, in the DuckDB CLI's spelling: `rasterduck [OPTIONS] [DATABASE
 * [SQL]]`, single-dash options. Output settings apply before anything runs; -cmd, -c, -f
 * and a SQL argument run in the order given.
 */
import type { OutputMode } from './render.js';

/** One thing to run before (or instead of) reading input. */
export interface Step {
  readonly kind: 'sql' | 'file';
  readonly text: string;
}

/** What the command line asks for. */
export interface Options {
  database?: string;
  steps: Step[];
  /** -c, -f or a SQL argument: run the steps, then exit without reading stdin. */
  exitAfterSteps: boolean;
  mode?: OutputMode;
  headers?: boolean;
  nullValue?: string;
  separator?: string;
  bail: boolean;
  echo: boolean;
  readonly: boolean;
  noStdin: boolean;
  init?: string;
  version: boolean;
  help: boolean;
}

const MODE_FLAGS: Record<string, OutputMode> = {
  '-json': 'json', '-jsonlines': 'jsonlines', '-csv': 'csv', '-markdown': 'markdown', '-box': 'box', '-duckbox': 'box',
  '-line': 'line', '-list': 'list', '-table': 'table', '-html': 'html', '-arrow': 'arrow',
};

/** Parses argv (without node and the script); throws an Error with DuckDB-like text on a bad option. */
export function parseArgs(argv: readonly string[]): Options {
  const o: Options = { steps: [], exitAfterSteps: false, bail: false, echo: false, readonly: false, noStdin: false, version: false, help: false };
  const positional: string[] = [];
  const value = (i: number, flag: string): string => {
    if (i >= argv.length) throw new Error(`Error: missing argument to ${flag}`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    // DuckDB accepts --flag for -flag
    const a = /^--[a-z]/.test(argv[i]) ? argv[i].slice(1) : argv[i];
    if (a in MODE_FLAGS) {
      o.mode = MODE_FLAGS[a];
      if (a === '-csv') o.separator ??= ',';
    } else if (a === '-c' || a === '-s') {
      o.steps.push({ kind: 'sql', text: value(++i, a) });
      o.exitAfterSteps = true;
    } else if (a === '-f') {
      o.steps.push({ kind: 'file', text: value(++i, a) });
      o.exitAfterSteps = true;
    } else if (a === '-cmd') o.steps.push({ kind: 'sql', text: value(++i, a) });
    else if (a === '-init') o.init = value(++i, a);
    else if (a === '-nullvalue') o.nullValue = value(++i, a);
    else if (a === '-separator') o.separator = value(++i, a);
    else if (a === '-header' || a === '-headers') o.headers = true;
    else if (a === '-noheader' || a === '-noheaders') o.headers = false;
    else if (a === '-bail') o.bail = true;
    else if (a === '-echo') o.echo = true;
    else if (a === '-readonly') o.readonly = true;
    else if (a === '-no-stdin') o.noStdin = true;
    else if (a === '-batch' || a === '-interactive') continue;
    else if (a === '-version') o.version = true;
    else if (a === '-h' || a === '-help') o.help = true;
    else if (a.startsWith('-') && a !== '-') throw new Error(`Error: unknown option: ${argv[i]}\nUse -help for a list of options.`);
    else positional.push(a);
  }
  if (positional.length > 2) throw new Error(`Error: too many arguments: ${positional.slice(2).join(' ')}\nUse -help for a list of options.`);
  o.database = positional[0];
  if (positional[1] !== undefined) {
    // `rasterduck DB 'SQL'` runs the SQL after the other commands and exits, as DuckDB does
    o.steps.push({ kind: 'sql', text: positional[1] });
    o.exitAfterSteps = true;
  }
  return o;
}

export const USAGE = `Usage: rasterduck [OPTIONS] [DATABASE [SQL]]
DATABASE is a DuckDB file (in memory if omitted); SQL runs and the shell exits.
  -c SQL            run SQL (and dot commands) and exit; may be given several times
  -f FILE           run a SQL file and exit
  -cmd SQL          run SQL before reading input
  -init FILE        run FILE before reading input
  -bail             stop after the first error     -echo           print commands before running them
  -header -noheader column names on or off        -nullvalue TEXT how NULL prints
  -separator SEP    column separator (list, csv)   -readonly       open the database read-only
  -no-stdin         exit after the options instead of reading input
  -version          print the versions             -help           print this text
  -box (default) -json -jsonlines -csv -markdown -line -list -table -html -arrow   output mode
Inside the shell, .help lists the dot commands.
`;
