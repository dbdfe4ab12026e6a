// The library entry: connect, register on an existing connection, results as Arrow.
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { connect, queryArrow, register, streamArrow } from '../src/index.js';

describe('library entry', () => {
  it('registers on a connection the user already has', async () => {
    const con = await (await DuckDBInstance.create()).connect();
    await register(con);
    const rows = (await con.runAndReadAll("SELECT ST_AsText(ST_GeomFromText('POINT (1 2)')) AS w")).getRowsJS();
    expect(rows).toEqual([['POINT (1 2)']]);
  });

  it('returns an Arrow table with nested types, and an empty one keeps its schema', async () => {
    const con = await connect();
    const t = await queryArrow(con, "SELECT range::INTEGER AS i, [range, NULL]::BIGINT[] AS l, {'a': 'x'} AS s FROM range(3)");
    expect(t.numRows).toBe(3);
    expect(t.schema.fields.map((f) => String(f.type))).toEqual(['Int32', 'List<Int64>', 'Struct<{a:Utf8}>']);
    expect(t.get(2)?.toJSON()).toMatchObject({ i: 2 });
    const empty = await queryArrow(con, 'SELECT 1::DOUBLE AS x WHERE false');
    expect(empty.numRows).toBe(0);
    expect(empty.schema.fields[0].name).toBe('x');
  });

  it('streams RecordBatches of at most one DuckDB chunk', async () => {
    const con = await connect();
    let rows = 0;
    let batches = 0;
    for await (const b of streamArrow(con, 'SELECT range AS n FROM range(5000)')) {
      rows += b.numRows;
      batches++;
      expect(b.numRows).toBeLessThanOrEqual(2048);
    }
    expect(rows).toBe(5000);
    expect(batches).toBeGreaterThanOrEqual(3);
  });
});
