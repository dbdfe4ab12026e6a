// Every example in the function reference runs, and those with an expected value return it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ALL_FUNCTIONS, connect } from '../../src/index.js';

let con: DuckDBConnection;
beforeAll(async () => {
  con = await connect();
});

const examples = ALL_FUNCTIONS.filter((d) => d.example && d.example.expect !== undefined);

describe('function examples', () => {
  it.each(examples.map((d) => [d.name, d.example!] as const))('%s', async (_name, example) => {
    const rows = (await con.runAndReadAll(example.sql)).getRowsJS();
    expect(rows[0][0]).toEqual(example.expect);
  });

  it('every function has a summary and a registered name', async () => {
    const names = (await con.runAndReadAll('SELECT DISTINCT function_name FROM duckdb_functions()')).getRowsJS().map((r) => String(r[0]).toLowerCase());
    for (const d of ALL_FUNCTIONS) {
      expect(d.summary.length, d.name).toBeGreaterThan(10);
      expect(names, d.name).toContain(d.name.toLowerCase());
    }
  });
});
