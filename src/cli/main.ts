#!/usr/bin/env node
/**
 * The rasterduck shell, shaped like the DuckDB CLI (see args.ts for the command line and
 * dot-commands.ts for the dot commands). With -c, -f or a SQL argument it runs them and
 * exits; otherwise it reads SQL from stdin, with a prompt and history when stdin is a
 * terminal. Exit status 1 after an error in non-interactive input.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseArgs, USAGE, type Options } from './args.js';
import { watchInterrupts } from './interrupt-watch.js';
import { closeDatabase, openDatabase } from './open.js';
import { runInteractive, runPipedInput } from './repl.js';
import { Session } from './session.js';

/** `rasterduck X (DuckDB vY)`; DuckDB's version from the package, as src/duckdb.ts loads it. */
function versions(): string {
  const pkg = fileURLToPath(new URL('../../package.json', import.meta.url));
  const own = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  const duckdb = (createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api')).version();
  return `rasterduck ${own} (DuckDB ${duckdb})`;
}

function configure(session: Session, o: Options): void {
  if (o.mode) session.mode = o.mode;
  if (o.headers !== undefined) session.render.headers = o.headers;
  if (o.nullValue !== undefined) session.render.nullValue = o.nullValue;
  if (o.separator !== undefined) session.render.separator = o.separator;
  if (o.bail) session.bail = 'on';
  session.echo = o.echo;
}

/** Runs the steps of the command line in order; false once one fails and errors stop input. */
async function runSteps(session: Session, o: Options): Promise<boolean> {
  if (o.init !== undefined && !(await session.runFile(o.init)) && session.stopsOnError) return false;
  for (const step of o.steps) {
    const ok = step.kind === 'sql' ? await session.runScript(step.text) : await session.runFile(step.text);
    if (!ok && session.stopsOnError) return false;
    if (session.exitCode !== undefined) return true;
  }
  return true;
}

async function main(): Promise<number> {
  // `rasterduck serve ...`: the Postgres wire server (src/serve), loaded only when asked for
  if (process.argv[2] === 'serve') return (await import('../serve/main.js')).serveCommand(process.argv.slice(3));
  const o = parseArgs(process.argv.slice(2));
  if (o.help || o.version) {
    process.stdout.write(o.help ? USAGE : `${versions()}\n`);
    return 0;
  }
  const interactive = !o.exitAfterSteps && !o.noStdin && process.stdin.isTTY === true;
  // started first: the watcher's child process boots while the database opens
  const watch = interactive ? watchInterrupts() : undefined;
  const db = await openDatabase(o.database, o.readonly);
  const session = new Session(db.connection, (t) => process.stdout.write(t), (t) => process.stderr.write(t + '\n'), db);
  configure(session, o);
  try {
    // -cmd and -init before a prompt: their errors do not end the shell, as in DuckDB
    session.interactive = interactive && !o.bail;
    const ok = await runSteps(session, o);
    if (!ok || session.exitCode !== undefined || o.exitAfterSteps || o.noStdin) return session.exitCode ?? (session.failed ? 1 : 0);
    if (watch) {
      await runInteractive(session, watch);
      return session.exitCode ?? 0;
    }
    await runPipedInput(session);
    return session.exitCode ?? (session.failed ? 1 : 0);
  } finally {
    await watch?.stop();
    session.sink.close();
    await closeDatabase(session.database ?? db);
  }
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
