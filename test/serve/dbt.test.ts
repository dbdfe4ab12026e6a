// dbt-postgres 1.x's materialization and introspection SQL (test/serve/fixtures/
// dbt-postgres-1.x.sql, with its sources) through psycopg2, the driver dbt-postgres uses,
// autocommit on and dbt's own BEGIN/COMMIT: the table and the view are created and listed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve/server.js';
import { python, serve } from './serve-fixture.js';

let server: RunningServer;
beforeAll(async () => {
  server = await serve(path.join(mkdtempSync(path.join(tmpdir(), 'rd-dbt-')), 'farm.duckdb'));
});
afterAll(() => server?.close());

it('runs the SQL dbt-postgres sends for table and view models and finds both relations', async () => {
  const r = await python(server, `
import json, psycopg2
statements = [s.strip() for s in open('test/serve/fixtures/dbt-postgres-1.x.sql').read().split('\\n;;\\n')]
statements = [s for s in statements if s and not all(l.startswith('--') for l in s.splitlines())]
c = psycopg2.connect()
c.autocommit = True
cur = c.cursor()
cur.execute("CREATE TABLE fields AS SELECT * FROM (VALUES (1, 'wheat'), (2, 'maize')) t(field_id, crop)")
out = []
for s in statements:
    cur.execute(s)
    out.append(cur.fetchall() if cur.description else cur.statusmessage)
cur.execute(statements[3])
print(json.dumps({'last': out[-1], 'relations': sorted([r[1], r[3]] for r in cur.fetchall() if r[1].startswith('field_'))}))
`);
  expect(r.stderr).toBe('');
  const got = JSON.parse(r.stdout) as { last: unknown[][]; relations: string[][] };
  expect(got.relations).toEqual([['field_stats', 'table'], ['field_view', 'view']]);
  expect(got.last).toEqual([['field_id', 'INTEGER', null, 32, 0], ['crop', 'VARCHAR', null, null, null]]);
});
