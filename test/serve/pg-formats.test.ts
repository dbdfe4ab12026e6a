// Text and binary forms checked against PostgreSQL's documented output, written by hand.
import { describe, expect, it } from 'vitest';
import { DuckDBIntervalValue } from '@duckdb/node-api';
import { numericBinary } from '../../src/serve/pg-binary.js';
import { intervalText } from '../../src/serve/pg-text.js';
import { splitStatements } from '../../src/serve/statement-split.js';
import { commandTag } from '../../src/serve/command-tag.js';
import { rewritePgForms } from '../../src/serve/pg-compat.js';

describe('interval text (IntervalStyle postgres)', () => {
  it('writes years, mons, days and a signed time', () => {
    expect(intervalText(new DuckDBIntervalValue(14, 3, 14_706_500_000n))).toBe('1 year 2 mons 3 days 04:05:06.5');
    expect(intervalText(new DuckDBIntervalValue(1, 1, 0n))).toBe('1 mon 1 day');
    expect(intervalText(new DuckDBIntervalValue(0, 0, -90_000_000n))).toBe('-00:01:30');
    expect(intervalText(new DuckDBIntervalValue(0, 0, 0n))).toBe('00:00:00');
  });
});

describe('numeric binary (numeric_send)', () => {
  it('writes base-10000 digits with weight, sign and display scale', () => {
    // 12.340 -> digits [12, 3400], weight 0, scale 3
    expect([...numericBinary('12.340')]).toEqual([0, 2, 0, 0, 0, 0, 0, 3, 0, 12, 0x0d, 0x48]);
    // -100000000 -> digits [1], weight 2 (1 x 10000^2), negative
    expect([...numericBinary('-100000000')]).toEqual([0, 1, 0, 2, 0x40, 0, 0, 0, 0, 1]);
    // 0.0005 -> digits [5], weight -1, scale 4
    expect([...numericBinary('0.0005')]).toEqual([0, 1, 0xff, 0xff, 0, 0, 0, 4, 0, 5]);
    expect([...numericBinary('0.00')]).toEqual([0, 0, 0, 0, 0, 0, 0, 2]);
  });
});

describe('simple-query statements', () => {
  it('splits at top-level semicolons only', () => {
    expect(splitStatements("SELECT ';'; SELECT \"a;b\" FROM t -- x;y\n; SELECT $$;$$, E'\\';'; /* ; */  ;")).toEqual([
      "SELECT ';'", ' SELECT "a;b" FROM t -- x;y\n', " SELECT $$;$$, E'\\';'",
    ]);
    expect(splitStatements(' ; -- nothing\n')).toEqual([]);
    expect(splitStatements('SELECT $1, $2')).toEqual(['SELECT $1, $2']);
  });

  it('tags commands as Postgres does', () => {
    expect(commandTag('insert into t values (1), (2)', 2, false)).toBe('INSERT 0 2');
    expect(commandTag('CREATE OR REPLACE TEMP VIEW v AS SELECT 1', 0, false)).toBe('CREATE VIEW');
    expect(commandTag('/* c */ select 1', 1, true)).toBe('SELECT 1');
    expect(commandTag('DROP TABLE t', 0, false)).toBe('DROP TABLE');
    expect(commandTag('begin', 0, false)).toBe('BEGIN');
  });

  it("reads Postgres' hex bytea literals as bytes", () => {
    expect(rewritePgForms("SELECT '\\x00ff'::bytea, 'x'")).toBe("SELECT unhex('00ff'), 'x'");
  });

  it('drops the database from information_schema and pg_catalog names, as dbt writes them', () => {
    expect(rewritePgForms('select * from "farm".information_schema.columns where x = 1')).toBe('select * from information_schema.columns where x = 1');
    expect(rewritePgForms('select 1 from farm.pg_catalog.pg_namespace, main.t')).toBe('select 1 from pg_catalog.pg_namespace, main.t');
  });
});
