// The README's NDVI-per-field query over demo-like data (the demo's COGs as local files,
// indexed with sql/demo.sql's own statements), served by `rasterduck serve` in its contract
// form: psql, psycopg2 and node-postgres get the rows the CLI prints. These queries read
// pixels through the I/O bridge.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BANDS, DEMO_SCENES, demoHref, writeDemoData } from '../../src/demo/demo-data.js';
import { CLI, PASSWORD, psql, python, run, USER } from './serve-fixture.js';
import type { RunningServer } from '../../src/serve/server.js';

const demoSql = readFileSync('sql/demo.sql', 'utf8').replace(/--[^\n]*/g, '').split(';').map((s) => s.trim());
const SETUP = demoSql.filter((s) => /^(CREATE TABLE (scenes|fields)|ALTER|UPDATE)/.test(s));
const NDVI = demoSql.find((s) => s.startsWith('SELECT field_id')) ?? '';
const CHIP = "SELECT field_id, scene_id, red, hex(red.data) AS data_hex FROM read_chips('scenes', 'fields', bands := ['red']) WHERE field_id = 1 ORDER BY scene_id LIMIT 1";

let child: ChildProcess;
let server: RunningServer;
let expected: Record<string, unknown>[];
let chipExpected: Record<string, unknown>;

/** `rasterduck serve DB --port 0 --user U --password W`, and the port it printed. */
async function startCliServer(db: string): Promise<RunningServer> {
  child = spawn(CLI, ['serve', db, '--port', '0', '--user', USER, '--password', PASSWORD], { stdio: ['ignore', 'pipe', 'pipe'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const m = /^listening on 127\.0\.0\.1:(\d+), database (\S+)$/m.exec(line);
  if (!m) throw new Error(`unexpected first line: ${line}`);
  return { host: '127.0.0.1', port: Number(m[1]), database: m[2], close: async () => void child.kill('SIGTERM') };
}

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-serve-ndvi-'));
  const cogs = writeDemoData(path.join(dir, 'cogs'));
  const db = path.join(dir, 'farm.duckdb');
  const files = DEMO_SCENES.flatMap((s) => DEMO_BANDS.map((b) => `('${s.id}', TIMESTAMPTZ '${s.datetime}', '${b}', '${path.join(cogs, demoHref(s, b))}')`));
  const build = await run(CLI, [db, '-c', `CREATE TABLE demo_files(scene VARCHAR, datetime TIMESTAMPTZ, band VARCHAR, href VARCHAR); INSERT INTO demo_files VALUES ${files.join(', ')}`, ...SETUP.flatMap((s) => ['-c', s])]);
  expect(build.code, build.stderr).toBe(0);
  const cli = await run(CLI, [db, '-json', '-c', NDVI]);
  expect(cli.code, cli.stderr).toBe(0);
  expected = JSON.parse(cli.stdout) as Record<string, unknown>[];
  const chip = await run(CLI, [db, '-json', '-c', CHIP]);
  chipExpected = (JSON.parse(chip.stdout) as Record<string, unknown>[])[0];
  server = await startCliServer(db);
}, 300_000);
afterAll(() => server?.close());

describe('the NDVI query through the server', () => {
  it('serves the database named after the file', () => {
    expect(server.database).toBe('farm');
    expect(expected.length).toBe(12); // 6 fields x 2 dates
  });

  it('gives psql the rows the CLI prints', async () => {
    const r = await psql(server, NDVI, ['-F', '|']);
    expect(r.stderr).toBe('');
    const want = expected.map((row) => [row.field_id, row.crop, row.date, row.mean_ndvi, row.pixels].join('|'));
    expect(r.stdout.trim().split('\n')).toEqual(want);
  });

  it('gives psycopg2 and node-postgres the same rows, three sessions at once', async () => {
    const py = python(server, `
import psycopg2, json
c = psycopg2.connect(); cur = c.cursor(); cur.execute(${JSON.stringify(NDVI)})
print(json.dumps([[r[0], r[1], r[2].isoformat(), float(r[3]), r[4]] for r in cur.fetchall()]))
`);
    const node = Array.from({ length: 2 }, async () => {
      const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: USER, password: PASSWORD, database: server.database });
      await c.connect();
      try {
        return (await c.query({ text: NDVI, rowMode: 'array' })).rows as unknown[][];
      } finally {
        await c.end();
      }
    });
    const [pyOut, ...nodeRows] = await Promise.all([py, ...node]);
    expect(pyOut.stderr).toBe('');
    const want = expected.map((row) => [row.field_id, row.crop, row.date, row.mean_ndvi, row.pixels]);
    expect(JSON.parse(pyOut.stdout)).toEqual(want);
    // node-postgres: DECIMAL -> numeric is a string, BIGINT -> int8 is a string, DATE -> a local-midnight Date
    for (const rows of nodeRows) {
      expect(rows.map((r) => [r[0], r[1], (r[2] as Date).toLocaleDateString('sv'), Number(r[3]), Number(r[4])])).toEqual(want);
    }
  });

  // Eight sessions reading pixels at once: more queries than libuv's 4 pool threads while the
  // I/O bridge blocks DuckDB's query threads (this hung before the I/O worker stopped using
  // the pool; see src/bridge/sync-bridge.ts).
  it('gives eight concurrent sessions the same NDVI rows', async () => {
    const want = expected.map((row) => [row.field_id, row.crop, row.mean_ndvi]);
    const all = await Promise.all(Array.from({ length: 8 }, async () => {
      const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: USER, password: PASSWORD, database: server.database });
      await c.connect();
      try {
        return ((await c.query({ text: NDVI, rowMode: 'array' })).rows as unknown[][]).map((r) => [r[0], r[1], Number(r[3])]);
      } finally {
        await c.end();
      }
    }));
    for (const rows of all) expect(rows).toEqual(want);
  }, 120_000);

  it('sends a chip as JSON with its data as bytea hex', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: USER, password: PASSWORD, database: server.database });
    await c.connect();
    try {
      const r = await c.query(CHIP);
      expect(r.fields.map((f) => f.dataTypeID)).toEqual([23, 25, 114, 25]);
      const chip = r.rows[0].red as Record<string, unknown>;
      const want = chipExpected.red as Record<string, unknown>;
      expect(chip.data).toBe(`\\x${String(chipExpected.data_hex).toLowerCase()}`);
      expect([chip.width, chip.height, chip.dtype, chip.transform]).toEqual([want.width, want.height, want.dtype, want.transform]);
    } finally {
      await c.end();
    }
  });
});
