/**
 * Small helpers for the rasteret_build SQL tests: run a query to JSON rows, quote SQL
 * literals, and compare a `{band}_metadata` struct with GDAL's facts for its file.
 */
import type { DuckDBConnection, Json } from '@duckdb/node-api';
import type { CogFacts } from '../fixtures/stac-fixtures.js';

type JsonObject = { [key: string]: Json };

/** The rows of `sql` as JSON objects (BIGINTs as strings, as DuckDB's JSON converter gives them). */
export async function rows(con: DuckDBConnection, sql: string): Promise<JsonObject[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJson() as JsonObject[];
}

/** The error message `sql` fails with, or fails the test when it succeeds. */
export async function errorOf(con: DuckDBConnection, sql: string): Promise<string> {
  try {
    await con.runAndReadAll(sql);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error(`expected an error from: ${sql}`);
}

/** A SQL string literal. */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Every field of `got` (a {band}_metadata struct as JSON) that differs from GDAL's facts. */
export function metadataDiffs(got: Json, want: CogFacts): string[] {
  if (got === null || typeof got !== 'object' || Array.isArray(got)) return [`expected a struct, got ${JSON.stringify(got)}`];
  const diffs: string[] = [];
  const same = (field: keyof CogFacts, g: Json, w: unknown) => {
    if (JSON.stringify(g) !== JSON.stringify(w)) diffs.push(`${field}: expected ${JSON.stringify(w)}, got ${JSON.stringify(g)}`);
  };
  for (const f of ['image_width', 'image_height', 'tile_width', 'tile_height', 'dtype', 'compression', 'predictor', 'crs_epsg', 'nodata', 'samples_per_pixel'] as const) {
    same(f, got[f], want[f]);
  }
  same('transform', got.transform, want.transform);
  same('tile_offsets', (got.tile_offsets as Json[]).map(Number), want.tile_offsets);
  same('tile_byte_counts', (got.tile_byte_counts as Json[]).map(Number), want.tile_byte_counts);
  same('overviews', (got.overviews as Json[]).length, want.overviews);
  return diffs;
}
