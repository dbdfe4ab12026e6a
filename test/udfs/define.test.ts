// The declaration helper: ANY named parameters arrive as plain JS, DuckDB values pass through rows.
import { ANY, BIGINT, DuckDBTimestampTZValue, TIMESTAMPTZ, VARCHAR } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { registerFunctions, scalar, table } from '../../src/udfs/define.js';

describe('function declarations', () => {
  it('converts an ANY named parameter (a struct literal) and keeps TIMESTAMPTZ microseconds', async () => {
    const con = await connect();
    registerFunctions(con, [
      table<unknown>({
        name: 'echo_any', summary: 'test', params: [], named: { q: ANY },
        bind: (a) => ({ columns: [{ name: 'q', type: VARCHAR }, { name: 't', type: TIMESTAMPTZ }], state: a.named.q }),
        rows: (q) => {
          let done = false;
          return () => (done ? [] : ((done = true), [[JSON.stringify(q), new DuckDBTimestampTZValue(1712345678123456n)]]));
        },
      }),
    ]);
    const rows = (await con.runAndReadAll("SELECT q, t::VARCHAR FROM echo_any(q := {'eo:cloud_cover': {'lt': 20}, 'ids': ['a', 'b']})")).getRowsJS();
    expect(rows).toEqual([['{"eo:cloud_cover":{"lt":20},"ids":["a","b"]}', '2024-04-05 19:34:38.123456+00']]);
  });

  it('names the function and the row of a row-wise error', async () => {
    const con = await connect();
    registerFunctions(con, [
      scalar({ name: 'fail_on_b', summary: 'test', params: [{ name: 'x', type: VARCHAR }], returns: VARCHAR, each: (x: string) => {
        if (x === 'b') throw new Error('bad value');
        return x;
      } }),
    ]);
    await expect(con.runAndReadAll("SELECT fail_on_b(x) FROM (VALUES ('a'), ('b')) t(x)")).rejects.toThrow(/fail_on_b: row 1: unexpected error: bad value/);
  });

  it('counts rows from the start of the input across chunks, afresh in each statement', async () => {
    const con = await connect();
    registerFunctions(con, [
      scalar({ name: 'fail_on_last', summary: 'test', params: [{ name: 'i', type: BIGINT }], returns: BIGINT, each: (i: bigint) => {
        if (i === 2999n) throw new Error('bad value');
        return i;
      } }),
    ]);
    // 3,000 rows are two chunks (2,048 + 952): the last one is row 2999, not row 951 of its chunk
    for (let run = 0; run < 2; run++) {
      await expect(con.runAndReadAll('SELECT sum(fail_on_last(i)) FROM range(3000) t(i)')).rejects.toThrow(/fail_on_last: row 2999: unexpected error: bad value/);
    }
  });
});
