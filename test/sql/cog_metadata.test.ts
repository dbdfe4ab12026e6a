/**
 * cog_metadata parity: for every file of the GDAL fixture matrix, the struct equals what GDAL
 * and rasterio say (test/fixtures/expect_metadata.py), and the files it cannot describe are
 * refused with an error naming them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
    // fields added after the first release go last, so older readers' positions still hold
    expect(fields.slice(-3), `DESCRIBE gave ${type}`).toEqual([
      ['compression_name', 'VARCHAR'], ['band_descriptions', 'VARCHAR[]'],
      ['colormap', 'STRUCT("index" INTEGER, r INTEGER, g INTEGER, b INTEGER, a INTEGER)[]'],
    ]);
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

describe('cog_metadata band descriptions and codec name', () => {
  it("gives GDAL_METADATA's band descriptions as rasterio's src.descriptions, NULL where absent", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-descriptions-'));
    const file = path.join(dir, 'described.tif');
    // band 2 has none; band 3's has XML and non-ASCII characters GDAL must escape
    const py = `
import sys, numpy as np, rasterio
from osgeo import gdal
ds = gdal.GetDriverByName('GTiff').Create(sys.argv[1], 40, 30, 3, gdal.GDT_UInt16, ['COMPRESS=ZSTD', 'TILED=YES', 'BLOCKXSIZE=16', 'BLOCKYSIZE=16'])
ds.SetGeoTransform([500000, 10, 0, 4000000, 0, -10])
ds.GetRasterBand(1).SetDescription('red (B04)')
ds.GetRasterBand(3).SetDescription('nir <B08> & "near" infrarot ü')
for b in range(3): ds.GetRasterBand(b + 1).WriteArray(np.full((30, 40), b + 1, np.uint16))
ds = None
with rasterio.open(sys.argv[1]) as src: print(json.dumps({'descriptions': list(src.descriptions), 'codec': src.compression.value}))
`.replace('import sys', 'import json, sys');
    const want = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' })) as { descriptions: (string | null)[]; codec: string };
    expect(want.descriptions[1]).toBeNull(); // the reference really has a band without one
    const reader = await con.runAndReadAll(`SELECT m.band_descriptions AS d, m.compression_name AS c FROM (SELECT cog_metadata(${sqlString(file)}) AS m)`);
    const [row] = reader.getRowObjectsJson();
    expect(row.d).toEqual(want.descriptions);
    expect(row.c).toBe(want.codec.toLowerCase());
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads chips from metadata written before the new fields existed (a Parquet without them)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-old-meta-'));
    const file = fixturePath('cog_deflate_u16_pred2_ovr_nodata0_32633.tif');
    const parquet = path.join(dir, 'old.parquet');
    // the struct as cog_metadata wrote it before compression_name and band_descriptions
    await con.run(`COPY (SELECT t AS red_metadata FROM (SELECT * EXCLUDE (compression_name, band_descriptions) FROM (SELECT unnest(cog_metadata(${sqlString(file)})))) t)
      TO ${sqlString(parquet)} (FORMAT parquet)`);
    const [old] = (await con.runAndReadAll(`SELECT red_metadata FROM ${sqlString(parquet)}`)).getRowObjectsJson();
    expect(Object.keys(old.red_metadata as JsonObject)).not.toContain('band_descriptions');
    const geom = `ST_MakeEnvelope(m.affine[3] + 10 * m.affine[1], m.affine[6] + 20 * m.affine[5], m.affine[3] + 30 * m.affine[1], m.affine[6] + 5 * m.affine[5])`;
    const chips = `SELECT chip_values(read_chip(red_metadata, ${geom})) AS v FROM ${sqlString(parquet)}, (SELECT cog_metadata(${sqlString(file)}) AS m)`;
    const fresh = `SELECT chip_values(read_chip(m, ${geom})) AS v FROM (SELECT cog_metadata(${sqlString(file)}) AS m)`;
    const [a] = (await con.runAndReadAll(chips)).getRowObjectsJson();
    const [b] = (await con.runAndReadAll(fresh)).getRowObjectsJson();
    expect((a.v as Json[]).length).toBeGreaterThan(0);
    expect(a.v).toEqual(b.v);
    rmSync(dir, { recursive: true, force: true });
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
  exact('compression_name', gdalCodecName(want.compression_name));
  // make_fixtures.py sets no band description: rasterio's src.descriptions is all None
  exact('band_descriptions', new Array<null>(want.band_count).fill(null));
  check('extra_samples', (g) => sameJson(emptyToNull(g), want.extra_samples), want.extra_samples);
  check('pixel_scale', (g) => sameJson(g, want.pixel_scale), want.pixel_scale);
  check('tiepoint', (g) => sameJson(g, want.tiepoint), want.tiepoint);
  diffs.push(...compareTables('', got, want));
  diffs.push(...compareOverviews('overviews', got.overviews, want.overviews));
  diffs.push(...compareMask(got.mask, want.mask));
  return diffs;
}

/** GDAL's IMAGE_STRUCTURE COMPRESSION as the lower-case codec name cog_metadata gives. */
function gdalCodecName(gdal: string | null): string {
  if (gdal === null) return 'none';
  if (gdal === 'YCbCr JPEG') return 'jpeg';
  if (gdal.startsWith('LERC')) return 'lerc'; // LERC_DEFLATE / LERC_ZSTD: one TIFF code, 34887
  return gdal.toLowerCase();
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
