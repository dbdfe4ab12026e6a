// Opening a database with the shell leaves it as it was: no rasterduck macro or function
// stored in it (a plain DuckDB sees none), and no .wal after a clean exit.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ALL_FUNCTIONS, connect } from '../../src/index.js';
import { asTempMacros, macroStatements } from '../../src/sql-macros.js';

const CLI = path.resolve('node_modules/.bin/rasterduck');

async function plainRows(db: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRows();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('the user database', () => {
  it('keeps no rasterduck function or macro and no .wal after a shell session', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-db-'));
    const db = path.join(dir, 'my.duckdb');
    const r = spawnSync(CLI, [db], { input: 'CREATE TABLE t AS SELECT 1 AS a;\nSELECT rasteret_wkb_type(ST_AsWKB(\'POINT (1 2)\'::GEOMETRY)) AS t;\n', encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(existsSync(`${db}.wal`)).toBe(false);
    const name = 'my';
    // every macro the sql/macros files define, and a few of the TS functions
    const ours = [...macroStatements(ALL_FUNCTIONS).join('\n').matchAll(/MACRO (\w+)\(/g)].map((m) => m[1]);
    expect(ours.length).toBeGreaterThan(10);
    const listed = await plainRows(db, `SELECT function_name FROM duckdb_functions() WHERE database_name = '${name}' AND NOT internal`);
    expect(listed).toEqual([]);
    const anywhere = await plainRows(db, `SELECT function_name FROM duckdb_functions() WHERE function_name IN (${[...ours, 'read_chip', 'cog_metadata'].map((n) => `'${n}'`).join(', ')})`);
    expect(anywhere).toEqual([]);
    expect(await plainRows(db, 'SELECT a FROM t')).toEqual([[1]]);
    expect(existsSync(`${db}.wal`)).toBe(false);
  });

  it('makes every macro a temp macro, still found by its bare name through connect()', async () => {
    expect(asTempMacros('-- CREATE MACRO in a comment\nCREATE OR REPLACE MACRO f(x) AS x;\n  CREATE MACRO g() AS TABLE SELECT 1;')).toBe(
      '-- CREATE MACRO in a comment\nCREATE OR REPLACE TEMP MACRO f(x) AS x;\n  CREATE OR REPLACE TEMP MACRO g() AS TABLE SELECT 1;',
    );
    const connection = await connect();
    const rows = (await connection.runAndReadAll("SELECT rasteret_wkb_type(ST_AsWKB('POINT (1 2)'::GEOMETRY)) AS t, (SELECT list_distinct(list(database_name)) FROM duckdb_functions() WHERE function_name = 'read_chips') AS db")).getRows();
    expect(rows).toEqual([['Point', expect.objectContaining({ items: ['temp'] })]]);
    connection.closeSync();
  });
});
