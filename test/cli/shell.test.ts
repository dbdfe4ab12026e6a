// The rasterduck shell as users and the acceptance kit call it: the built CLI, a real process.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';

const CLI = path.resolve('node_modules/.bin/rasterduck');
const run = (args: string[], input?: string) => spawnSync(CLI, args, { input, encoding: 'utf8', timeout: 60_000 });
const tmp = () => mkdtempSync(path.join(tmpdir(), 'rd-shell-'));

describe('rasterduck shell', () => {
  it('prints a JSON array of row objects with -json; NaN and infinities are null, so any JSON reader takes it', () => {
    const r = run(['-json', '-c', "SELECT 42 AS answer, [1.5, 'nan'::DOUBLE, '-inf'::DOUBLE] AS l, 'inf'::DOUBLE AS x, {'k': 2::BIGINT, 'nodata': 'nan'::DOUBLE, 'none': NULL::DOUBLE} AS s, 'POINT (1 2)'::GEOMETRY AS g"]);
    expect(r.status).toBe(0);
    // a struct field keeps NaN apart from NULL (a NaN nodata is not "no nodata"), as a string JSON readers parse as a number
    expect(JSON.parse(r.stdout)).toEqual([{ answer: 42, l: [1.5, null, null], x: null, s: { k: 2, nodata: 'NaN', none: null }, g: 'POINT (1 2)' }]);
  });

  it('prints csv (header line by default), markdown, jsonlines, table and html', () => {
    expect(run(['-csv', '-c', "SELECT 1 AS a, 'x,y' AS b"]).stdout).toBe('a,b\n1,"x,y"\n');
    expect(run(['-csv', '-noheader', '-c', 'SELECT 1 AS a']).stdout).toBe('1\n');
    expect(run(['-markdown', '-c', 'SELECT 1 AS a']).stdout).toBe('| a |\n|---|\n| 1 |\n');
    expect(run(['-jsonlines', '-c', 'SELECT range AS n FROM range(2)']).stdout).toBe('{"n":0}\n{"n":1}\n');
    expect(run(['-table', '-c', "SELECT 1 AS a, 'xy' AS bb"]).stdout).toBe('+---+----+\n| a | bb |\n+---+----+\n| 1 | xy |\n+---+----+\n');
    expect(run(['-html', '-c', "SELECT '<b>' AS a"]).stdout).toBe('<tr><th>a</th>\n</tr>\n<tr><td>&lt;b&gt;</td>\n</tr>\n');
  });

  it('takes -nullvalue, -separator and -header as DuckDB does', () => {
    expect(run(['-csv', '-nullvalue', 'MYNULL', '-separator', 'MYSEP', '-c', 'SELECT 42 a, NULL b']).stdout).toBe('aMYSEPb\n42MYSEPMYNULL\n');
    expect(run(['-list', '-c', '.nullvalue -', '-c', '.separator ;', '-c', '.headers off', '-c', 'SELECT 1, NULL']).stdout).toBe('1;-\n');
  });

  it('writes an Arrow IPC stream with -arrow', () => {
    const out = execFileSync(CLI, ['-arrow', '-c', 'SELECT range AS n, range * 1.5 AS x FROM range(3)']);
    const table = tableFromIPC(out);
    expect(table.numRows).toBe(3);
    expect(table.getChild('x')?.toArray()).toEqual(new Float64Array([0, 1.5, 3]));
  });

  it("exits non-zero with DuckDB's message and no stack trace on an SQL error", () => {
    const r = run(['-c', 'SELECT nope']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Binder Error');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits non-zero on an unknown dot command, in -c and in a pipe', () => {
    const c = run(['-c', '.nosuchcommand']);
    expect(c.status).toBe(1);
    expect(c.stderr).toContain('nosuchcommand');
    expect(run([], '.nosuchcommand\n').status).toBe(1);
    expect(run(['-nosuchflag']).status).toBe(1);
  });

  it('runs -c given several times in order, and SQL as the argument after the database', () => {
    const r = run(['-csv', '-c', 'SELECT 1 AS a', '-c', 'SELECT 2 AS b']);
    expect(r.stdout).toBe('a\n1\nb\n2\n');
    const dir = tmp();
    expect(run(['-csv', path.join(dir, 'p.duckdb'), 'SELECT 3 AS c']).stdout).toBe('c\n3\n');
    // -c stops at its first failure (DuckDB's automatic bail), -cmd ".bail off" lets it go on
    const stops = run(['-csv', '-c', 'SELECT nope', '-c', 'SELECT 2 AS b']);
    expect([stops.status, stops.stdout]).toEqual([1, '']);
    const goesOn = run(['-csv', '-cmd', '.bail off', '-c', 'SELECT nope', '-c', 'SELECT 2 AS b']);
    expect([goesOn.status, goesOn.stdout]).toEqual([1, 'b\n2\n']);
  });

  it('prints the versions with -version', () => {
    const r = run(['-version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^rasterduck \d+\.\d+\.\d+ \(DuckDB v\d+\.\d+\.\d+\)\n$/);
  });

  it('runs a file with dot commands (-f, .mode, .read) and a database path', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'inner.sql'), 'SELECT 7 AS seven;\n');
    writeFileSync(path.join(dir, 'main.sql'), `.mode csv\nCREATE TABLE t AS SELECT 1 AS a;\n.read ${path.join(dir, 'inner.sql')}\nSELECT count(*) AS n FROM t;\n`);
    const db = path.join(dir, 'x.duckdb');
    const r = run([db, '-f', path.join(dir, 'main.sql')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('seven\n7\nn\n1\n');
    expect(run([db, '-csv', '-c', '.tables']).stdout).toContain('t');
  });

  it('shows the schema, the databases, and opens read-only with -readonly', () => {
    const dir = tmp();
    const db = path.join(dir, 's.duckdb');
    expect(run([db, '-c', 'CREATE TABLE t(a INTEGER); CREATE VIEW v AS SELECT a FROM t;']).status).toBe(0);
    expect(run([db, '-c', '.schema']).stdout).toBe('CREATE TABLE t(a INTEGER);\nCREATE VIEW v AS SELECT a FROM t;\n');
    expect(run([db, '-c', '.schema v%']).stdout).toBe('CREATE VIEW v AS SELECT a FROM t;\n');
    expect(run([db, '-readonly', '-c', '.databases']).stdout).toBe(`s: ${db} (read only)\n`);
    const ro = run([db, '-readonly', '-c', 'INSERT INTO t VALUES (1)']);
    expect(ro.status).toBe(1);
    expect(ro.stderr).toContain('read-only');
  });

  it('reads SQL from a pipe and stops at the first error with status 1 (or goes on with .bail off)', () => {
    const r = run(['-csv'], 'SELECT 1 AS a;\nSELECT nope;\nSELECT 3 AS c;\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('a\n1\n');
    const off = run(['-csv'], '.bail off\nSELECT 1 AS a;\nSELECT nope;\nSELECT 3 AS c;\n');
    expect([off.status, off.stdout]).toEqual([1, 'a\n1\nc\n3\n']);
    expect(run(['-csv', '-bail'], '.bail on\nSELECT nope;\nSELECT 3 AS c;\n').stdout).toBe('');
  });

  it('runs -init and -cmd before the input, and -no-stdin skips the input', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'init.sql'), '.mode csv\n');
    const r = run(['-init', path.join(dir, 'init.sql'), '-cmd', 'SELECT 1 AS a'], 'SELECT 2 AS b;\n');
    expect(r.stdout).toBe('a\n1\nb\n2\n');
    expect(run(['-csv', '-cmd', 'SELECT 1 AS a', '-no-stdin'], 'SELECT 2 AS b;\n').stdout).toBe('a\n1\n');
  });

  it('echoes commands, prints text, and sends results to a file with .output and .once', () => {
    expect(run(['-csv', '-echo'], 'SELECT 1 AS a;\n.print hello  world\n').stdout).toBe('SELECT 1 AS a;\na\n1\n.print hello  world\nhello world\n');
    const dir = tmp();
    const once = path.join(dir, 'once.csv');
    const all = path.join(dir, 'all.csv');
    const r = run(['-csv'], `.once ${once}\nSELECT 1 AS a;\nSELECT 2 AS b;\n.output ${all}\nSELECT 3 AS c;\nSELECT 4 AS d;\n.output\nSELECT 5 AS e;\n`);
    expect(r.stdout).toBe('b\n2\ne\n5\n');
    expect(readFileSync(once, 'utf8')).toBe('a\n1\n');
    expect(readFileSync(all, 'utf8')).toBe('c\n3\nd\n4\n');
  });

  it('shows 40 rows of a long result in a box, as DuckDB, and all of them with .maxrows 0', () => {
    const box = run(['-c', 'SELECT range AS n FROM range(100)']).stdout.trimEnd().split('\n');
    const values = box.filter((l) => /^│\s+\d+ │$/.test(l)).map((l) => Number(l.replace(/[│\s]/g, '')));
    expect(values).toEqual([...Array.from({ length: 20 }, (_, i) => i), ...Array.from({ length: 20 }, (_, i) => 80 + i)]);
    expect(box.filter((l) => l.includes('·'))).toHaveLength(3);
    expect(box.at(-1)).toBe('  100 rows (40 shown)');
    const all = run(['-cmd', '.maxrows 0', '-c', 'SELECT range AS n FROM range(100)']).stdout;
    expect(all.split('\n').filter((l) => /^│\s+\d+ │$/.test(l))).toHaveLength(100);
  });

  it('fits a box to .maxwidth by hiding middle columns', () => {
    const sql = 'SELECT 1 AS aaaaaaaaaa, 2 AS bbbbbbbbbbbbbbb, 3 AS ccccccccccccc, 4 AS dddddddddd, 5 AS eeeeeeeeeeeee';
    const lines = run(['-cmd', '.maxwidth 40', '-c', sql]).stdout.trimEnd().split('\n');
    expect(lines[1]).toBe('│ aaaaaaaaaa │ … │ eeeeeeeeeeeee │');
    expect(Math.max(...lines.slice(0, -1).map((l) => l.length))).toBeLessThanOrEqual(40);
    expect(lines.at(-1)).toBe('  5 columns (2 shown)');
  });

  it('lists the dot commands with .help', () => {
    const help = run(['-c', '.help']).stderr;
    for (const cmd of ['.bail', '.databases', '.echo', '.headers', '.maxrows', '.maxwidth', '.nullvalue', '.once', '.open', '.output', '.print', '.schema', '.separator']) expect(help).toContain(cmd);
  });

  it('opens another database with .open', () => {
    const dir = tmp();
    const other = path.join(dir, 'other.duckdb');
    const r = run(['-csv'], `.open ${other}\nCREATE TABLE o AS SELECT 9 AS nine;\n.open\n.open ${other}\nSELECT nine FROM o;\nSELECT count(*) AS macros FROM duckdb_functions() WHERE function_name = 'cog_footprint';\n`);
    // the reopened database has rasterduck registered again
    expect([r.status, r.stdout]).toEqual([0, 'nine\n9\nmacros\n1\n']);
  });
});
