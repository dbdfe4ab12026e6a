// DuckDB's own GEOMETRY functions as the reference for WKT text and WKB bytes: the core
// of DuckDB 1.5 parses WKT (the ::GEOMETRY cast) and prints ST_AsText / ST_AsWKB.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

let connection: Promise<DuckDBConnection> | undefined;

function connect(): Promise<DuckDBConnection> {
  connection ??= DuckDBInstance.create(':memory:').then((db) => db.connect());
  return connection;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

async function column(expression: string, inputs: readonly string[]): Promise<unknown[]> {
  if (inputs.length === 0) return [];
  const conn = await connect();
  const sql =
    `SELECT ${expression} AS out FROM (SELECT unnest(range(${inputs.length})) AS i, ` +
    `unnest([${inputs.map(literal).join(', ')}]::VARCHAR[]) AS w) ORDER BY i`;
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowsJS().map((row) => row[0]);
}

/** DuckDB's ST_AsText of each WKT (parsed by DuckDB's ::GEOMETRY cast). */
export async function duckdbAsText(wkts: readonly string[]): Promise<string[]> {
  return (await column('ST_AsText(w::GEOMETRY)', wkts)) as string[];
}

/** DuckDB's ST_AsWKB of each WKT. */
export async function duckdbAsWkb(wkts: readonly string[]): Promise<Uint8Array[]> {
  return (await column('ST_AsWKB(w::GEOMETRY)', wkts)).map((v) => new Uint8Array(v as Uint8Array));
}

/** DuckDB's ST_AsText of WKB given as hex (read by ST_GeomFromWKB). */
export async function duckdbWkbHexAsText(hexes: readonly string[]): Promise<string[]> {
  return (await column('ST_AsText(ST_GeomFromWKB(unhex(w)))', hexes)) as string[];
}
