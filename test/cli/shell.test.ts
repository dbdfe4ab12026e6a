// The rasterduck shell as users and the acceptance kit call it: the built CLI, a real process.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';

const CLI = path.resolve('dist/cli/main.js');
const run = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 60_000 });

describe('rasterduck shell', () => {
  it('prints a JSON array of row objects with -json, NaN and nested values included', () => {
    const r = run(['-json', '-c', "SELECT 42 AS answer, [1.5, 'nan'::DOUBLE] AS l, {'k': 2::BIGINT} AS s, 'POINT (1 2)'::GEOMETRY AS g"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('[{"answer":42,"l":[1.5,NaN],"s":{"k":2},"g":"POINT (1 2)"}]');
  });

  it('prints csv and markdown', () => {
    expect(run(['-csv', '-c', "SELECT 1 AS a, 'x,y' AS b"]).stdout.trim()).toBe('a,b\n1,"x,y"');
    expect(run(['-markdown', '-c', 'SELECT 1 AS a']).stdout.trim()).toBe('| a |\n|---|\n| 1 |');
  });

  it('writes an Arrow IPC stream with -arrow', () => {
    const out = execFileSync(process.execPath, [CLI, '-arrow', '-c', 'SELECT range AS n, range * 1.5 AS x FROM range(3)']);
    const table = tableFromIPC(out);
    expect(table.numRows).toBe(3);
    expect(table.getChild('x')?.toArray()).toEqual(new Float64Array([0, 1.5, 3]));
  });

  it('exits non-zero with DuckDB\'s message and no stack trace on an SQL error', () => {
    const r = run(['-c', 'SELECT nope']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Binder Error');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs a file with dot commands (-f, .mode, .read) and a database path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-shell-'));
    writeFileSync(path.join(dir, 'inner.sql'), 'SELECT 7 AS seven;\n');
    writeFileSync(path.join(dir, 'main.sql'), `.mode csv\nCREATE TABLE t AS SELECT 1 AS a;\n.read ${path.join(dir, 'inner.sql')}\nSELECT count(*) AS n FROM t;\n`);
    const db = path.join(dir, 'x.duckdb');
    const r = run([db, '-f', path.join(dir, 'main.sql')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('seven\n7\nn\n1\n');
    expect(run([db, '-csv', '-c', '.tables']).stdout).toContain('t');
  });

  it('reads SQL from a pipe and stops at the first error with status 1', () => {
    const r = run(['-csv'], 'SELECT 1 AS a;\nSELECT nope;\nSELECT 3 AS c;\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('a\n1\n');
  });
});
