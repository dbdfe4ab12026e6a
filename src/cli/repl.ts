/**
 * The interactive prompt (stdin a terminal) or a script read from stdin (a pipe). SQL
 * accumulates until a line ends with ';'; lines starting with '.' are dot commands.
 * History persists in ~/.rasterduck_history as the DuckDB shell keeps ~/.duckdb_history.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Session } from './session.js';

const HISTORY = path.join(homedir(), '.rasterduck_history');

function loadHistory(): string[] {
  try {
    return readFileSync(HISTORY, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 1000);
  } catch {
    return [];
  }
}

/** Reads statements until end of input or .quit. */
export async function runRepl(session: Session): Promise<void> {
  const tty = Boolean(process.stdin.isTTY);
  if (!tty) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    await session.runScript(Buffer.concat(chunks).toString('utf8'));
    return;
  }
  process.stderr.write('rasterduck: satellite imagery in SQL. Enter ".help" for usage hints.\n');
  const rl = createInterface({ input: process.stdin, output: process.stdout, history: loadHistory(), historySize: 1000, prompt: 'D ' });
  let buffer = '';
  rl.prompt();
  for await (const line of rl) {
    if (buffer === '' && line.trimStart().startsWith('.')) {
      remember(line);
      if ((await session.runDot(line)) === 'quit') break;
    } else {
      buffer += line + '\n';
      if (line.trimEnd().endsWith(';')) {
        remember(buffer.trim());
        await session.runSql(buffer);
        buffer = '';
      }
    }
    rl.setPrompt(buffer ? '· ' : 'D ');
    rl.prompt();
  }
  rl.close();
}

function remember(entry: string): void {
  try {
    appendFileSync(HISTORY, entry.replaceAll('\n', ' ') + '\n');
  } catch {
    // history is a convenience; a read-only home must not break the shell
  }
}
