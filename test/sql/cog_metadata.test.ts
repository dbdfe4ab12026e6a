/**
 * cog_metadata parity: for every file of the GDAL fixture matrix, the struct equals what GDAL
 * and rasterio say (test/fixtures/expect_metadata.py), and the files it cannot describe are
 * refused with an error naming them.
 */
import type { DuckDBConnection, Json } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import {
  expectedMetadata,
  fixturePath,
  loadManifest,
  type ExpectedIfd,
  type ExpectedMetadata,
  type JsonNodata,
} from '../fixtures/fixtures.js';

type JsonObject = { [key: string]: Json };

// Rasteret's COG_BAND_METADATA_STRUCT (src/rasteret/constants.py), in order, then our EPSG
const LEADING_FIELDS: readonly (readonly [string, string])[] = [
  ['image_width', 'INTEGER'],
  ['image_height', 'INTEGER'],
  ['tile_width', 'INTEGER'],
  ['tile_height', 'INTEGER'],
  ['dtype', 'VARCHAR'],
  ['transform', 'DOUBLE[]'],
  ['predictor', 'INTEGER'],
  ['compression', 'INTEGER'],
  ['tile_offsets', 'BIGINT[]'],
  ['tile_byte_counts', 'BIGINT[]'],
  ['pixel_scale', 'DOUBLE[]'],
  ['tiepoint', 'DOUBLE[]'],
  ['nodata', 'DOUBLE'],
  ['samples_per_pixel', 'INTEGER'],
  ['planar_configuration', 'INTEGER'],
  ['photometric', 'INTEGER'],
  ['extra_samples', 'INTEGER[]'],
  ['crs_epsg', 'INTEGER'],
];

const manifest = loadManifest();
const described = manifest.files.filter((f) => f.refusal === null);
const refused = manifest.files.filter((f) => f.refusal !== null);
let con: DuckDBConnection;
let checked = 0;

beforeAll(async () => {
  con = await connect();
});

afterAll(() => {
  con?.closeSync();
  console.log(
    `cog_metadata parity: ${checked} of ${manifest.count} fixture files checked against GDAL ` +
      `${manifest.references.gdal} / rasterio ${manifest.references.rasterio} ` +
      `(${described.length} to describe, ${refused.length} to refuse)`,
  );
});

describe('cog_metadata struct type', () => {
  it("starts with Rasteret's 17 band-metadata fields, then crs_epsg", async () => {
    const sql = `DESCRIBE SELECT cog_metadata(${sqlString(fixturePath(described[0].name))}) AS m`;
    const rows = (await con.runAndReadAll(sql)).getRowObjectsJson();
    const type = String(rows.find((r) => r.column_name === 'm')?.column_type);
    const fields = structFields(type);
    expect(fields.slice(0, LEADING_FIELDS.length), `DESCRIBE gave ${type}`).toEqual(LEADING_FIELDS);
    const names = fields.map(([name]) => name);
    for (const extra of ['affine', 'overviews', 'mask']) expect(names, `field ${extra} in ${type}`).toContain(extra);
  });
});

describe('cog_metadata equals GDAL', () => {
  it.each(described.map((f) => f.name))('%s', async (name) => {
    const got = await metadataOf(name);
    expect(got, `${name}: cog_metadata returned NULL`).not.toBeNull();
    expect(compareMetadata(got as JsonObject, expectedMetadata(name)).map((d) => `${name}: ${d}`)).toEqual([]);
    checked++;
  });
});

describe('cog_metadata refuses what it cannot describe', () => {
  it.each(refused)('$name ($refusal)', async ({ name, refusal }) => {
    const outcome = await metadataOf(name).then(
      (m) => ({ refused: false as const, m }),
      (error: unknown) => ({ refused: true as const, message: error instanceof Error ? error.message : String(error) }),
    );
    if (!outcome.refused) return expect.fail(`${name}: expected an error (${refusal}), got ${show(outcome.m)}`);
    const { message } = outcome;
    // DuckDB's own errors echo the SQL, file name included: they are not refusals
    expect(message, `${name}: a refusal by cog_metadata`).not.toMatch(/^(Catalog|Parser|Binder) Error/);
    expect(message, `${name}: the error must name the file`).toContain(name);
    expect(message, `${name}: a refusal, not a crash`).not.toMatch(/TypeError|RangeError|ReferenceError|INTERNAL/);
    if (refusal === 'rotated') expect(message.toLowerCase(), `${name}: the error must say why`).toContain('rotat');
    checked++;
  });
});

async function metadataOf(name: string): Promise<Json> {
  const reader = await con.runAndReadAll(`SELECT cog_metadata(${sqlString(fixturePath(name))}) AS m`);
  return reader.getRowObjectsJson()[0].m;
}

/** Every difference from GDAL's view, as `field: expected X, got Y`. */
function compareMetadata(got: JsonObject, want: ExpectedMetadata): string[] {
  const diffs: string[] = [];
  const pixelSize = Math.max(Math.abs(want.affine[0]), Math.abs(want.affine[4]));
  const check = (field: string, ok: (g: Json) => boolean, expected: unknown): void => {
    if (!(field in got)) diffs.push(`${field}: missing from the struct`);
    else if (!ok(got[field])) diffs.push(`${field}: expected ${show(expected)}, got ${show(got[field])}`);
  };
  const exact = (field: string, expected: Json): void => check(field, (g) => sameJson(g, expected), expected);
  for (const f of ['image_width', 'image_height', 'tile_width', 'tile_height', 'dtype', 'compression'] as const) {
    exact(f, want[f]);
  }
  check('predictor', (g) => (g ?? 1) === want.predictor, want.predictor);
  check('nodata', (g) => sameNodata(g, want.nodata, want.dtype), want.nodata);
  check('transform', (g) => closeList(g, want.transform, 1e-9 * pixelSize), want.transform);
  check('affine', (g) => closeList(g, want.affine, 1e-9 * pixelSize), want.affine);
  exact('crs_epsg', want.crs_epsg);
  for (const f of ['samples_per_pixel', 'planar_configuration', 'photometric'] as const) exact(f, want[f]);
  check('extra_samples', (g) => sameJson(emptyToNull(g), want.extra_samples), want.extra_samples);
  check('pixel_scale', (g) => sameJson(g, want.pixel_scale), want.pixel_scale);
  check('tiepoint', (g) => sameJson(g, want.tiepoint), want.tiepoint);
  diffs.push(...compareTables('', got, want));
  diffs.push(...compareOverviews('overviews', got.overviews, want.overviews));
  diffs.push(...compareMask(got.mask, want.mask));
  return diffs;
}

/** Size, tile size and block table of an overview or mask IFD; `optional` lets fields be absent. */
function compareIfd(prefix: string, got: JsonObject, want: ExpectedIfd, optional = false): string[] {
  const diffs: string[] = [];
  for (const f of ['image_width', 'image_height', 'tile_width', 'tile_height'] as const) {
    if (!(f in got)) {
      if (!optional) diffs.push(`${prefix}${f}: missing`);
    } else if (got[f] !== want[f]) diffs.push(`${prefix}${f}: expected ${want[f]}, got ${show(got[f])}`);
  }
  return [...diffs, ...compareTables(prefix, got, want, optional)];
}

/** Every block's offset and byte count, in GDAL's order. */
function compareTables(prefix: string, got: JsonObject, want: ExpectedIfd, optional = false): string[] {
  const diffs: string[] = [];
  for (const f of ['tile_offsets', 'tile_byte_counts'] as const) {
    if (!(f in got)) {
      if (!optional) diffs.push(`${prefix}${f}: missing`);
      continue;
    }
    const diff = compareIntegers(got[f], want[f]);
    if (diff) diffs.push(`${prefix}${f}: ${diff}`);
  }
  return diffs;
}

function compareOverviews(prefix: string, got: Json | undefined, want: readonly ExpectedIfd[]): string[] {
  if (got === undefined) return [`${prefix}: missing from the struct`];
  const list = got ?? [];
  if (!Array.isArray(list)) return [`${prefix}: expected a list, got ${show(got)}`];
  if (list.length !== want.length) {
    const sizes = (l: readonly unknown[]): string =>
      JSON.stringify(l.map((o) => [(o as JsonObject).image_width, (o as JsonObject).image_height]));
    return [`${prefix}: expected ${want.length} levels ${sizes(want)}, got ${list.length} ${sizes(list)}`];
  }
  return want.flatMap((w, i) => compareIfd(`${prefix}[${i}].`, list[i] as JsonObject, w));
}

/** The mask must be there exactly when the file has one; its fields are checked when present. */
function compareMask(got: Json | undefined, want: ExpectedMetadata['mask']): string[] {
  if (got === undefined) return ['mask: missing from the struct'];
  if (want === null) return got === null ? [] : [`mask: expected NULL (no internal mask), got ${show(got)}`];
  if (got === null || typeof got !== 'object' || Array.isArray(got)) {
    return [`mask: expected the internal mask ${want.image_width}x${want.image_height}, got ${show(got)}`];
  }
  const diffs = compareIfd('mask.', got, want, true);
  if ('overviews' in got) diffs.push(...compareOverviews('mask.overviews', got.overviews, want.overviews));
  return diffs;
}

function compareIntegers(got: Json, want: readonly number[]): string | undefined {
  if (!Array.isArray(got)) return `expected ${want.length} entries, got ${show(got)}`;
  const g = got.map(toNumber);
  if (g.length !== want.length) return `expected ${want.length} entries, got ${g.length}: ${show(got)}`;
  const i = g.findIndex((v, k) => v !== want[k]);
  return i < 0 ? undefined : `[${i}] expected ${want[i]}, got ${show(g[i])} (entry ${i} of ${want.length})`;
}

function closeList(got: Json, want: readonly number[] | null, tolerance: number): boolean {
  if (want === null) return got === null;
  if (!Array.isArray(got) || got.length !== want.length) return false;
  return got.every((v, i) => Math.abs((toNumber(v) ?? NaN) - want[i]) <= tolerance);
}

/** NaN equals NaN; a float32 file's nodata is compared after rounding to float32. */
function sameNodata(got: Json, want: JsonNodata, dtype: string): boolean {
  if (want === null) return got === null;
  const g = toNumber(got);
  const w = toNumber(want);
  if (g === undefined || w === undefined) return false;
  if (Number.isNaN(w)) return Number.isNaN(g);
  return dtype === 'float32' ? Math.fround(g) === Math.fround(w) : g === w;
}

// BIGINT arrives as a string, a non-finite DOUBLE as 'NaN' / 'Infinity'
function toNumber(v: Json | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const special: Record<string, number> = { nan: NaN, inf: Infinity, infinity: Infinity, '-inf': -Infinity };
  const lower = v.toLowerCase();
  if (lower in special) return special[lower];
  if (lower === '-infinity') return -Infinity;
  return v.trim() === '' ? undefined : Number(v);
}

function sameJson(got: Json | undefined, want: unknown): boolean {
  if (Array.isArray(got) && Array.isArray(want)) {
    return got.length === want.length && got.every((v, i) => sameJson(v, want[i]));
  }
  if (typeof want === 'number') return toNumber(got) === want;
  return got === want;
}

function emptyToNull(v: Json): Json {
  return Array.isArray(v) && v.length === 0 ? null : v;
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 300 ? `${s.slice(0, 300)}...` : s;
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** The top-level fields of a DuckDB STRUCT type string, as [name, type] pairs. */
function structFields(type: string): (readonly [string, string])[] {
  const body = /^STRUCT\((.*)\)$/s.exec(type.trim())?.[1];
  if (body === undefined) return [];
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && ch === ',') {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts.map((part) => {
    const p = part.trim();
    const m = p.startsWith('"') ? /^"((?:[^"]|"")*)"\s+(.*)$/s.exec(p) : /^(\S+)\s+(.*)$/s.exec(p);
    return m ? ([m[1].replaceAll('""', '"'), m[2].trim()] as const) : ([p, ''] as const);
  });
}
