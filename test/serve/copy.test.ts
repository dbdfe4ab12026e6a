// COPY ... TO STDOUT through psql (COPY and \copy) and psycopg2's copy_expert. The expected
// lines are written by hand from Postgres' documented text and CSV COPY formats: in text,
// NULL is \N and backslash, tab and newline are backslash-escaped; in CSV, NULL is an empty
// unquoted field and a field with the delimiter, a quote or a line break (or an empty
// string) is quoted with doubled quotes.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve/server.js';
import { PASSWORD, PSQL, psql, python, run, serve, USER } from './serve-fixture.js';

let server: RunningServer;
// on one line (psql's \copy ends at a line break): chr(9) and chr(10) put a tab and a line break in a value
const ROWS = String.raw`SELECT * FROM (VALUES (1, 'plain', 0.5::DOUBLE), (2, 'tab' || chr(9) || 'and' || chr(10) || 'line \ slash', NULL), (3, 'comma, "quoted"', 2.25), (4, '', -1)) t(id, note, v)`;
const TEXT = String.raw`1	plain	0.5
2	tab\tand\nline \\ slash	\N
3	comma, "quoted"	2.25
4		-1
`;
const CSV = 'id,note,v\n1,plain,0.5\n2,"tab\tand\nline \\ slash",\n3,"comma, ""quoted""",2.25\n4,"",-1\n';

beforeAll(async () => {
  server = await serve(':memory:');
});
afterAll(() => server?.close());

describe('COPY TO STDOUT', () => {
  it('writes text format from psql COPY (query) TO STDOUT, and a table with a column list and options', async () => {
    const r = await psql(server, `COPY (${ROWS} ORDER BY id) TO STDOUT`);
    expect([r.stdout, r.stderr]).toEqual([TEXT, '']);
    const t = await psql(server, `CREATE TABLE notes AS ${ROWS}; COPY notes (note, id) TO STDOUT WITH (FORMAT text, DELIMITER '|', NULL 'null')`);
    expect(t.stderr).toBe('');
    expect(t.stdout.split('\n').sort()).toEqual(['', '|4', 'comma, "quoted"|3', 'plain|1', 'tab\\tand\\nline \\\\ slash|2'].sort());
  });

  it('writes CSV with a header from psql \\copy, and psql sees the tag COPY n', async () => {
    const copied = await psql(server, `\\copy (${ROWS} ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)`);
    expect([copied.stdout, copied.stderr]).toEqual([CSV, '']);
    // \copy to a client file (psql sends COPY ... TO STDOUT and writes the file); not quiet, psql prints the tag
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rd-copy-')), 'n.csv');
    const tag = await run(PSQL, ['-X', '-h', '127.0.0.1', '-p', String(server.port), '-U', USER, '-d', server.database, '-c', `\\copy (SELECT range AS n FROM range(3)) TO '${file}' WITH CSV HEADER`], { env: { PGPASSWORD: PASSWORD } });
    expect([tag.stdout, tag.stderr]).toEqual(['COPY 3\n', '']);
    expect(readFileSync(file, 'utf8')).toBe('n\n0\n1\n2\n');
  });

  it('streams through psycopg2 copy_expert (text and CSV), refuses binary, and the session goes on', async () => {
    const r = await python(server, `
import io, json, psycopg2
c = psycopg2.connect()
cur = c.cursor()
out = []
for sql in [r"""COPY (${ROWS} ORDER BY id) TO STDOUT""", r"""COPY (${ROWS} ORDER BY id) TO STDOUT WITH CSV HEADER""", "COPY (SELECT range AS n FROM range(3000)) TO STDOUT"]:
    f = io.StringIO()
    cur.copy_expert(sql, f)
    out.append([f.getvalue(), cur.rowcount])
try:
    cur.copy_expert("COPY (SELECT 1) TO STDOUT (FORMAT binary)", io.BytesIO())
except psycopg2.Error as e:
    out.append(e.pgcode)
    c.rollback()
cur.execute("SELECT 1")
out.append(cur.fetchone()[0])
print(json.dumps(out))
`);
    expect(r.stderr).toBe('');
    const numbers = Array.from({ length: 3000 }, (_, i) => `${i}\n`).join('');
    expect(JSON.parse(r.stdout)).toEqual([[TEXT, 4], [CSV, 4], [numbers, 3000], '0A000', 1]);
  });
});
