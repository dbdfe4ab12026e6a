/**
 * Child process for test/io/concurrent-queries.test.ts: runs every read_chip case at once,
 * spread over 4 connections on 2 DuckDB instances, then again one after another, and
 * prints both results as JSON. In its own process, so that a deadlock (the main thread
 * blocked for good) is killed by the parent's timer instead of hanging the test run.
 * Usage: node --import tsx concurrent-chips.ts CASES_JSON (an array of {href, wkt}).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { connect, register } from '../../../src/index.js';

interface Case {
  readonly href: string;
  readonly wkt: string;
}

const cases = JSON.parse(process.argv[2]) as Case[];
const sql = (c: Case) => `SELECT chip.bands, chip.height, chip.width, chip.transform, chip_values(chip) AS v, chip_mask(chip) AS m
  FROM (SELECT read_chip('${c.href}', ST_GeomFromText('${c.wkt}')) AS chip)`;
const run = async (con: DuckDBConnection, c: Case) => (await con.runAndReadAll(sql(c))).getRowObjectsJS()[0];

async function registered(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const con = await instance.connect();
  await register(con);
  return con;
}

// connect() as users call it, and register() on connections of an instance of their own
const a = await connect();
const b = await connect();
const instance = await DuckDBInstance.create();
const connections = [a, b, await registered(instance), await registered(instance)];

const start = performance.now();
const concurrent = await Promise.all(cases.map((c, i) => run(connections[i % connections.length], c)));
const concurrentMs = performance.now() - start;
const sequential = [];
for (const c of cases) sequential.push(await run(a, c));
process.stdout.write(`${JSON.stringify({ concurrentMs, concurrent, sequential })}\n`);
