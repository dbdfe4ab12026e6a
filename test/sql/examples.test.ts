// Every example in the function reference (UDFs and macros alike) runs on the demo data and
// returns its expected value. The expected values come from rasterio, numpy, Python's md5 or
// hand calculation, as the comment beside each example says, never from rasterduck.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ALL_FUNCTIONS, connect } from '../../src/index.js';
import { writeDemoData } from '../../src/demo/demo-data.js';

// they need the pipeline demo's eight-band scenes, a mosaic and the model: test/demo.test.ts runs them
const WITHOUT_EXAMPLE = ['predict_block', 'vectorize'];

const setupSql = readFileSync(path.resolve('sql', 'examples', 'reference_setup.sql'), 'utf8');
const before = process.cwd();
let con: DuckDBConnection;
beforeAll(async () => {
  // the examples name ./demo and write next to it, as the reference says
  const dir = mkdtempSync(path.join(tmpdir(), 'rasterduck-examples-'));
  writeDemoData(path.join(dir, 'demo'));
  process.chdir(dir);
  con = await connect();
  await con.run(setupSql);
});
afterAll(() => process.chdir(before));

/** A JS value as the expectations write it: BIGINTs as plain numbers. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

const examples = ALL_FUNCTIONS.filter((d) => d.example).map((d) => [`${d.kind} ${d.name}`, d.example!] as const);

describe('function examples', () => {
  it.each(examples)('%s', async (_name, example) => {
    expect(example.expect, 'an example declares its expected output').not.toBeUndefined();
    const rows = (await con.runAndReadAll(example.sql)).getRowsJS();
    expect(plain(rows[0][0])).toEqual(example.expect);
  });

  it('every function, macro or not, has a summary and a registered name; every user-facing one an example with its output', async () => {
    const names = (await con.runAndReadAll('SELECT DISTINCT function_name FROM duckdb_functions()')).getRowsJS().map((r) => String(r[0]).toLowerCase());
    for (const d of ALL_FUNCTIONS) {
      expect(d.summary.length, d.name).toBeGreaterThan(10);
      expect(names, d.name).toContain(d.name.toLowerCase());
    }
    const publicOnes = ALL_FUNCTIONS.filter((d) => !d.internal);
    const byName = new Map(publicOnes.map((d) => [d.name, publicOnes.filter((o) => o.name === d.name)]));
    const missing = [...byName].filter(([name, defs]) => !WITHOUT_EXAMPLE.includes(name) && !defs.some((d) => d.example?.expect !== undefined)).map(([n]) => n);
    expect(missing).toEqual([]);
  });

  it("declares each macro's parameters as DuckDB registered them", async () => {
    const rows = (await con.runAndReadAll("SELECT function_name, parameters FROM duckdb_functions() WHERE function_type IN ('macro', 'table_macro') AND schema_name = 'main' AND database_name = 'temp'")).getRowsJS();
    const registered = new Map(rows.map((r) => [String(r[0]), r[1] as string[]]));
    for (const d of ALL_FUNCTIONS) {
      if (d.kind !== 'macro' && d.kind !== 'table macro' && d.kind !== 'aggregate') continue;
      expect(registered.get(d.name), d.name).toEqual(d.params.map((p) => p.name));
    }
    expect(registered.size).toBeGreaterThan(15);
    // and every macro rasterduck creates is declared
    expect([...registered.keys()].filter((n) => !ALL_FUNCTIONS.some((d) => d.name === n))).toEqual([]);
  });
});
