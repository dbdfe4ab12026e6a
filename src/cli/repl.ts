/**
 * The interactive prompt (stdin a terminal) or a script read from stdin (a pipe). SQL
 * accumulates until a statement is complete; lines starting with '.' are dot commands.
 * History persists in ~/.rasterduck_history as the DuckDB shell keeps ~/.duckdb_history.
 *
 * Ctrl-C: while a statement runs the terminal is in its normal (cooked) mode, so Ctrl-C
 * raises SIGINT for the shell's process group. The main thread's handler interrupts DuckDB;
 * the watcher of interrupt-watch.ts stops a read blocked in the I/O bridge. At the prompt
 * (raw mode, where readline sees Ctrl-C as a key) it drops the statement being typed.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { InterruptWatch } from './interrupt-watch.js';
import type { Session } from './session.js';
import { isCompleteSql } from './sql-complete.js';

const HISTORY = path.join(homedir(), '.rasterduck_history');

function loadHistory(): string[] {
  try {
    return readFileSync(HISTORY, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 1000);
  } catch {
    return [];
  }
}

/** Runs a script piped to stdin; false if it hit an error. */
export async function runPipedInput(session: Session): Promise<boolean> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return session.runScript(Buffer.concat(chunks).toString('utf8'));
}

/** Lines from readline, taken one at a time so input can pause while a statement runs. */
function lineQueue(rl: Interface): () => Promise<string | undefined> {
  const lines: string[] = [];
  let closed = false;
  let wake: (() => void) | undefined;
  rl.on('line', (l) => {
    lines.push(l);
    wake?.();
  });
  rl.on('close', () => {
    closed = true;
    wake?.();
  });
  return async () => {
    while (lines.length === 0 && !closed) await new Promise<void>((r) => (wake = r));
    return lines.shift();
  };
}

/** The prompt: reads statements until Ctrl-D, .quit or (with .bail on) an error. */
export async function runInteractive(session: Session, watch: InterruptWatch): Promise<void> {
  session.interactive = true;
  // the prompt appears once a Ctrl-C can reach a query blocked in the I/O bridge
  await watch.ready;
  const onSigint = () => session.interrupt();
  process.on('SIGINT', onSigint);
  process.stderr.write('rasterduck: satellite imagery in SQL. Enter ".help" for usage hints.\n');
  const rl = createInterface({ input: process.stdin, output: process.stdout, history: loadHistory(), historySize: 1000, prompt: 'D ', terminal: true });
  let buffer = '';
  rl.on('SIGINT', () => {
    // a Ctrl-C readline read just before a statement switched the terminal to cooked mode
    if (session.running) return session.interrupt();
    // Ctrl-C at the prompt: forget the statement being typed, as DuckDB does
    buffer = '';
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    process.stdout.write('^C\n');
    rl.setPrompt('D ');
    rl.prompt();
  });
  const next = lineQueue(rl);
  // a statement runs with the terminal in cooked mode, so that Ctrl-C is a signal (see above)
  const execute = async <T>(run: () => Promise<T>): Promise<T> => {
    session.beginInput();
    rl.pause();
    process.stdin.setRawMode(false);
    try {
      return await run();
    } finally {
      process.stdin.setRawMode(true);
      rl.resume();
    }
  };
  rl.prompt();
  for (;;) {
    const line = await next();
    if (line === undefined) break;
    if (buffer === '' && line.trimStart().startsWith('.')) {
      remember(line);
      const r = await execute(() => session.runDot(line));
      if (r === 'quit' || (r === 'error' && session.bail === 'on')) break;
    } else if (buffer !== '' || line.trim() !== '') {
      buffer += line + '\n';
      if (isCompleteSql(buffer)) {
        const sql = buffer;
        buffer = '';
        remember(sql.trim());
        if (session.echo) session.print(sql.trim());
        if (!(await execute(() => session.runSql(sql))) && session.bail === 'on') break;
      }
    }
    rl.setPrompt(buffer ? '· ' : 'D ');
    rl.prompt();
  }
  rl.close();
  process.off('SIGINT', onSigint);
}

function remember(entry: string): void {
  try {
    appendFileSync(HISTORY, entry.replaceAll('\n', ' ') + '\n');
  } catch {
    // history is a convenience; a read-only home must not break the shell
  }
}
