/**
 * serve-wire: a large result over the Postgres wire (`rasterduck serve`, one fresh server
 * process) against the same query in the CLI (`-csv` to a pipe, its start-up time, measured
 * with SELECT 1, taken off; `-json` holds a whole result in memory and runs out of heap at
 * 1M rows). The wire side is timed
 * twice: a bare socket that only frames the bytes (the server's own speed), and
 * node-postgres parsing every row (what a client sees). Prints rows/s, MB/s and the
 * server's peak RSS, which stays flat as the result grows because rows stream a DuckDB
 * chunk at a time.
 * Usage: tsx bench/serve-wire.ts [--quick] [--rows N] [--runs N]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { DuckDBInstance } from '@duckdb/node-api';
import { benchArgs } from './lib/args.js';
import { median, printRows, saveRows, type BenchRow } from './lib/report.js';

const args = benchArgs(process.argv.slice(2), { rows: 1_000_000, runs: 3 });
const rows = args.quick ? 20_000 : args.rows;
const blobRows = args.quick ? 256 : 4096;
const CASES = [
  { name: `${rows} rows x 4 columns`, sql: 'SELECT i, name, ratio, day FROM t', rows },
  { name: `${blobRows} rows x 64 KiB blob (chip-sized)`, sql: `SELECT i, data FROM blobs`, rows: blobRows },
];

async function makeDatabase(file: string): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const c = await instance.connect();
  await c.run(`CREATE TABLE t AS SELECT i, 'field_' || i AS name, i / 7.0 AS ratio, DATE '2024-01-01' + (i % 365)::INTEGER AS day FROM range(${rows}) r(i)`);
  await c.run(`CREATE TABLE blobs AS SELECT i, repeat(chr(65 + (i % 26)::INTEGER), 65536)::BLOB AS data FROM range(${blobRows}) r(i)`);
  c.closeSync();
  instance.closeSync();
}

interface Served {
  readonly port: number;
  stop(): Promise<number>;
}

/** `rasterduck serve DB --port 0` with peak RSS recorded; stop() returns it in MiB. */
async function startServe(db: string, scratch: string): Promise<Served> {
  const rssFile = path.join(scratch, 'serve-rss');
  const peak = pathToFileURL(path.resolve('bench/lib/peak-rss.mjs')).href;
  const child = spawn(process.execPath, ['--import', peak, path.resolve('dist/cli/main.js'), 'serve', db, '--port', '0', '--readonly'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RASTERDUCK_BENCH_PEAK_RSS: rssFile } });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /:(\d+), database/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return {
    port,
    stop: () => new Promise((resolve) => {
      child.on('exit', () => resolve(Number(readFileSync(rssFile, 'utf8')) / 1024));
      child.kill('SIGTERM');
    }),
  };
}

/** A simple Query on a bare socket, reading frames until ReadyForQuery; returns ms, bytes and DataRows. */
function rawQuery(port: number, database: string, sql: string): Promise<{ ms: number; bytes: number; rows: number }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let started = 0;
    let bytes = 0;
    let rowsSeen = 0;
    let ready = 0;
    s.on('connect', () => s.write(serialize.startup({ user: 'bench', database })));
    s.on('error', reject);
    s.on('data', (d: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      if (started) bytes += d.length;
      let off = 0;
      while (buf.length - off >= 5) {
        const len = buf.readInt32BE(off + 1);
        if (buf.length - off < len + 1) break;
        const type = String.fromCharCode(buf[off]);
        if (type === 'D') rowsSeen++;
        if (type === 'Z' && ++ready === 1) {
          started = performance.now();
          s.write(serialize.query(sql));
        } else if (type === 'Z') {
          s.destroy();
          resolve({ ms: performance.now() - started, bytes, rows: rowsSeen });
        }
        off += len + 1;
      }
      buf = buf.subarray(off);
    });
  });
}

/** The CLI (`-csv`, stdout drained) on a read-only copy of the attach; wall ms from spawn to exit. */
function cliCsv(db: string, sql: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [path.resolve('dist/cli/main.js'), '-csv', '-c', `ATTACH '${db}' AS w (READ_ONLY)`, '-c', sql.replace(/FROM (\w+)/, 'FROM w.$1')], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', () => undefined);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`rasterduck -csv exited with ${code}`))));
  });
}

async function pgQuery(port: number, database: string, sql: string): Promise<number> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'bench', database });
  await c.connect();
  const start = performance.now();
  await c.query({ text: sql, rowMode: 'array' });
  const ms = performance.now() - start;
  await c.end();
  return ms;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'rd-bench-serve-'));
const db = path.join(scratch, 'wire.duckdb');
await makeDatabase(db);
const out: BenchRow[] = [];
const served = await startServe(db, scratch);
const notes: string[] = [];
for (const c of CASES) {
  const raw = [];
  const viaPg = [];
  const cli = [];
  for (let run = 0; run < args.runs; run++) {
    raw.push(await rawQuery(served.port, 'wire', c.sql));
    viaPg.push(await pgQuery(served.port, 'wire', c.sql));
  }
  if (raw.some((r) => r.rows !== c.rows)) throw new Error(`${c.name}: the wire sent ${raw.map((r) => r.rows).join('/')} rows, expected ${c.rows}`);
  // the server opened the file read-only, so the CLI can attach it read-only beside it
  const starts: number[] = [];
  for (let run = 0; run < 3; run++) starts.push(await cliCsv(db, 'SELECT 1'));
  const startup = median(starts);
  for (let run = 0; run < args.runs; run++) cli.push((await cliCsv(db, c.sql)) - startup);
  const ms = median(raw.map((r) => r.ms));
  const mb = raw[0].bytes / 1e6;
  const note = `wire ${Math.round(c.rows / (ms / 1000)).toLocaleString('en')} rows/s, ${(mb / (ms / 1000)).toFixed(0)} MB/s (${mb.toFixed(1)} MB); node-postgres ${median(viaPg).toFixed(0)} ms; CLI -csv ${Math.round(c.rows / (median(cli) / 1000)).toLocaleString('en')} rows/s`;
  notes.push(`${c.name}: ${note}`);
  out.push({ case: `${c.name} (rasterduck = wire, reference = CLI -csv)`, rasterduckMs: ms, referenceMs: median(cli), requests: 0, bytes: raw[0].bytes, note });
}
const peakRssMb = await served.stop();
printRows('serve-wire: a large result over the Postgres wire vs the CLI', out);
for (const n of notes) process.stdout.write(`- ${n}\n`);
process.stdout.write(`- server peak RSS over all cases: ${peakRssMb.toFixed(0)} MiB\n`);
saveRows('serve-wire', out, { args, serverPeakRssMb: peakRssMb });
rmSync(scratch, { recursive: true, force: true });
