// Ctrl-C in the interactive shell, through a real pseudo-terminal (util-linux `script`):
// it stops a long DuckDB query and a query blocked in the I/O bridge, and the shell goes
// on to answer the next query.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = path.resolve('node_modules/.bin/rasterduck');
const hasScript = spawnSync('script', ['--version']).status === 0;

interface Terminal {
  readonly proc: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves once the output (after `from`) matches. */
  waitFor(re: RegExp, from?: number): Promise<number>;
}

function openTerminal(): Terminal {
  // HOME in a temp dir: the shell's history file must not land in the user's home
  const env = { ...process.env, HOME: mkdtempSync(path.join(tmpdir(), 'rd-pty-')), TERM: 'dumb' };
  const proc = spawn('script', ['-qfec', CLI, '/dev/null'], { env });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const waitFor = (re: RegExp, from = 0) =>
    new Promise<number>((resolve, reject) => {
      const give = setTimeout(() => reject(new Error(`no ${re} in ${JSON.stringify(out.slice(from))}`)), 20_000);
      const poll = setInterval(() => {
        const m = re.exec(out.slice(from));
        if (m) {
          clearInterval(poll);
          clearTimeout(give);
          resolve(from + m.index + m[0].length);
        } else if (proc.exitCode !== null) {
          clearInterval(poll);
          clearTimeout(give);
          reject(new Error(`the shell exited before printing ${re}: ${JSON.stringify(out)}`));
        }
      }, 50);
    });
  return { proc, output: () => out, waitFor };
}

let terminal: Terminal | undefined;
let server: http.Server | undefined;
afterEach(() => {
  terminal?.proc.kill('SIGKILL');
  server?.closeAllConnections();
  server?.close();
  terminal = server = undefined;
});

async function interruptThenAnswer(t: Terminal, slowSql: string, started: () => Promise<void>): Promise<void> {
  let at = await t.waitFor(/D $/);
  t.proc.stdin.write(`${slowSql}\r`);
  await started();
  t.proc.stdin.write('\x03');
  at = await t.waitFor(/INTERRUPT Error: Interrupted!\r*\nD $/, at);
  t.proc.stdin.write('SELECT 40 + 2 AS answer;\r');
  await t.waitFor(/│\s+42 │/, at);
  t.proc.stdin.write('\x04');
  await new Promise((resolve) => t.proc.on('exit', resolve));
  expect(t.output()).not.toMatch(/\n\s+at /);
}

describe.skipIf(!hasScript)('Ctrl-C in the shell', () => {
  it('interrupts a long DuckDB query and keeps the shell', async () => {
    const t = (terminal = openTerminal());
    const sql = 'SELECT count(*) FROM range(1000000000) a, range(1000000) b;';
    // the echo of the statement is back once the shell has read it
    await interruptThenAnswer(t, sql, async () => void (await t.waitFor(/range\(1000000\) b;\r*\n/)));
  }, 60_000);

  it('interrupts a read_chip blocked in the I/O bridge on a server that never answers', async () => {
    const held: http.ServerResponse[] = [];
    server = http.createServer((_req, res) => void held.push(res));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow.tif`;
    const t = (terminal = openTerminal());
    const sql = `SELECT read_chip('${url}', ST_MakeEnvelope(0, 0, 1, 1)) AS chip;`;
    await interruptThenAnswer(t, sql, async () => {
      // the request has reached the server: the main thread now waits in the bridge
      while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(held.length).toBeGreaterThan(0);
  }, 60_000);
});
