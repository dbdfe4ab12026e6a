#!/usr/bin/env node
/**
 * The rasterduck shell, shaped like the DuckDB CLI:
 *   rasterduck [DATABASE] [-c SQL] [-f FILE.sql] [-json|-csv|-markdown|-box|-line|-list|-arrow]
 * With -c or -f it runs and exits (status 1 on any error); otherwise it reads SQL from
 * stdin, with a prompt and history when stdin is a terminal.
 */
import { connect } from '../index.js';
import { Session } from './session.js';
import { runRepl } from './repl.js';
import type { OutputMode } from './render.js';

interface Options {
  database?: string;
  commands: { kind: 'sql' | 'file'; text: string }[];
  mode?: OutputMode;
}

const MODE_FLAGS: Record<string, OutputMode> = {
  '-json': 'json', '-csv': 'csv', '-markdown': 'markdown', '-box': 'box', '-line': 'line', '-list': 'list', '-arrow': 'arrow',
};

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { commands: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a in MODE_FLAGS) opts.mode = MODE_FLAGS[a];
    else if (a === '-c' || a === '-s') opts.commands.push({ kind: 'sql', text: argv[++i] ?? '' });
    else if (a === '-f') opts.commands.push({ kind: 'file', text: argv[++i] ?? '' });
    else if (a === '-h' || a === '--help') { process.stdout.write(USAGE); process.exit(0); }
    else if (a.startsWith('-')) throw new Error(`Error: unknown option ${a}\n${USAGE}`);
    else if (opts.database === undefined) opts.database = a;
    else throw new Error(`Error: too many arguments: ${a}\n${USAGE}`);
  }
  return opts;
}

const USAGE = `Usage: rasterduck [DATABASE] [OPTIONS]
  -c SQL       run SQL and exit          -f FILE    run a SQL file and exit
  -json -csv -markdown -box -line -list -arrow     output mode (default box)
`;

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const connection = await connect(opts.database);
  const session = new Session(connection, (t) => process.stdout.write(t), (t) => process.stderr.write(t + '\n'));
  if (opts.mode) session.mode = opts.mode;
  if (opts.commands.length > 0) {
    for (const c of opts.commands) {
      const ok = c.kind === 'sql' ? await session.runScript(c.text) : await session.runFile(c.text);
      if (!ok) return 1;
    }
    return 0;
  }
  await runRepl(session);
  return session.failed && !process.stdin.isTTY ? 1 : 0;
}

/**
 * Exits once stdout and stderr have drained: a pipe that is full (a reader slower than a
 * large -json result) is written asynchronously, and exiting at once would cut the output.
 */
function exitWhenFlushed(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main().then(exitWhenFlushed, (e: unknown) => {
  // never a stack trace: users act on the message
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  exitWhenFlushed(1);
});
