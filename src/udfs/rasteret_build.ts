/**
 * rasteret_build: a collection (one row per STAC item, its properties, and one
 * `{band}_metadata` struct per band) from a catalog dataset, a STAC API or static STAC.
 *
 * The SQL entry point is the `rasteret_build` macro (sql/macros/rasteret_build.sql). It
 * calls the table function here, `rasteret_build_json`, turning `query` and `filter`
 * structs into JSON text and `datetime` text into TIMESTAMPTZ: the function helper
 * cannot take ANY-typed named parameters, and JS timestamps stop at milliseconds.
 *
 * The search runs in bind, because the columns are the items' properties; the headers
 * are read in the scan, one concurrent wave per chunk of 2048 items, so DESCRIBE reads
 * none.
 */
import { BIGINT, BOOLEAN, DOUBLE, DuckDBVarCharType, GEOMETRY, INTEGER, LIST, STRUCT, VARCHAR, type DuckDBType } from '../duckdb.js';
import { asRasterduckError } from '../errors.js';
import type { Outcome } from '../io/outcome.js';
import { runSync } from '../bridge/sync-bridge.js';
import { planBuild, type BuildPlan } from '../collection/build-args.js';
import { headerWave, indexItems } from '../collection/headers.js';
import { layoutOf, type ColumnKind, type LayoutColumn } from '../collection/layout.js';
import { checkBandsExist, rewriteItemHrefs, type BandSpec } from '../collection/source.js';
import type { HeadersRequest, ItemsRequest, ItemsResult, StacItem } from '../stac/stac-types.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';
import { COG_METADATA } from './cog_metadata.js';
import { macro, table, type FunctionDef, type RowSource } from './define.js';

interface BuildState {
  readonly plan: BuildPlan;
  readonly items: readonly StacItem[];
  readonly layout: readonly LayoutColumn[];
}

/** DuckDB's JSON type: VARCHAR under the alias JSON, so `->>` works on such columns. */
const JSON_TYPE = DuckDBVarCharType.create('JSON');
const BBOX = STRUCT({ xmin: DOUBLE, ymin: DOUBLE, xmax: DOUBLE, ymax: DOUBLE });
const ASSET = STRUCT({ href: VARCHAR, band_index: INTEGER });

function sqlType(kind: ColumnKind, bands: readonly BandSpec[]): DuckDBType {
  switch (kind) {
    case 'boolean': return BOOLEAN;
    case 'integer': return INTEGER;
    case 'bigint': return BIGINT;
    case 'double': return DOUBLE;
    case 'varchar': return VARCHAR;
    case 'json': return JSON_TYPE;
    case 'geometry': return GEOMETRY;
    case 'bbox': return BBOX;
    case 'assets': return STRUCT(Object.fromEntries(bands.map((b) => [b.name, ASSET])));
    case 'metadata': return COG_METADATA;
  }
}

/** The named parameters of rasteret_build_json (the macro forwards its own under the same names). */
export const BUILD_PARAMETERS: Readonly<Record<string, DuckDBType>> = {
  collection: VARCHAR, collections: LIST(VARCHAR), stac_api: VARCHAR,
  bbox: LIST(DOUBLE), intersects: GEOMETRY, date_range: LIST(VARCHAR),
  query: VARCHAR, filter: VARCHAR, ids: LIST(VARCHAR), max_items: BIGINT, sortby: VARCHAR, page_size: INTEGER,
  bands: LIST(VARCHAR), on_error: VARCHAR,
};

function bind(source: unknown, named: Readonly<Record<string, unknown>>): BuildState {
  const plan = planBuild(source, named);
  const request: ItemsRequest = { source: plan.source.items, search: plan.search, maxItems: plan.maxItems, progress: process.stderr.isTTY === true };
  const found = runSync<ItemsResult>('stacItems', request);
  const items = rewriteItemHrefs(found.items, plan.source.rewrite);
  checkBandsExist(items, plan.bands);
  return { plan, items, layout: layoutOf(items, plan.bands) };
}

/** Rows in item order; each chunk's headers are one wave through the bridge. */
function scan(state: BuildState): RowSource {
  const { plan, items, layout } = state;
  const tty = process.stderr.isTTY === true;
  const total = tty ? headerWave(items, plan.bands).hrefs.length : 0;
  let next = 0;
  let read = 0;
  return (max) => {
    while (next < items.length) {
      const slice = items.slice(next, next + max);
      next += slice.length;
      const wave = headerWave(slice, plan.bands);
      const request: HeadersRequest = { ...wave, signing: plan.source.signing, progress: tty ? { done: read, total } : undefined };
      read += wave.hrefs.length;
      const outcomes = wave.hrefs.length > 0 ? runSync<Outcome<CogMetadata>[]>('stacHeaders', request) : [];
      const rows = indexItems(slice, plan.bands, wave, outcomes, plan.onError).map(({ item, headers }) => layout.map((c) => c.value(item, headers)));
      // every item of this chunk may have been skipped: go on to the next, an empty answer ends the scan
      if (rows.length > 0) return rows;
    }
    return [];
  };
}

/** Runs `fn`; its errors name rasteret_build (the macro users call), not rasteret_build_json. */
function asBuild<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asRasterduckError(e).within('rasteret_build');
  }
}

// The macro's parameters: rasteret_build_json's, with query and filter also taken as structs
const MACRO_PARAMS = Object.entries(BUILD_PARAMETERS).map(([name, type]) => ({
  name, type: name === 'query' || name === 'filter' ? 'STRUCT or VARCHAR (JSON)' : type.toString(), default: 'NULL',
}));

export const RASTERET_BUILD_FUNCTIONS: readonly FunctionDef[] = [
  macro({
    name: 'rasteret_build', kind: 'table macro', file: 'rasteret_build',
    summary:
      "A collection, one row per STAC item of a catalog dataset (rasteret_catalog's ids), a STAC API or a static STAC source (catalog, collection, item, ItemCollection, newline-delimited items, stac-geoparquet): id, datetime (TIMESTAMPTZ, to the microsecond), geometry, bbox, collection, year, month, every property, proj:epsg, crs, assets and one {band}_metadata struct per band (headers read concurrently). bbox, intersects, date_range, query and filter (DuckDB structs such as {'eo:cloud_cover': {'lt': 20}} or JSON text), ids, max_items, sortby and page_size narrow the search; on_error := 'fail' | 'skip' | 'null' decides what an unreadable header does.",
    params: [{ name: 'source', type: 'VARCHAR' }, ...MACRO_PARAMS],
    returns: 'TABLE(id VARCHAR, datetime TIMESTAMPTZ, geometry GEOMETRY, bbox STRUCT, collection VARCHAR, year INTEGER, month INTEGER, <properties>, <band>_metadata per band)',
    example: {
      sql: "SELECT list([id, CAST(datetime AS VARCHAR), CAST(red_metadata.image_width AS VARCHAR)] ORDER BY id)[1:2] FROM rasteret_build('demo_items.ndjson', bands := ['red'])",
      expect: [['S2_33UVU_20240510', '2024-05-10 10:15:00+00', '512'], ['S2_33UVU_20240724', '2024-07-24 10:15:00+00', '512']],
    },
  }),
  table<BuildState>({
    name: 'rasteret_build_json',
    internal: true,
    summary:
      "The table function behind the rasteret_build macro, with query and filter as JSON text and datetime as RFC 3339 text; use rasteret_build. One row per STAC item of a catalog dataset, STAC API or static STAC source: id, datetime, geometry, bbox, collection, year, month, every property, proj:epsg, crs, assets and one {band}_metadata struct per band (headers read concurrently). on_error := 'fail' | 'skip' | 'null' decides what an unreadable header does.",
    params: [{ name: 'source', type: VARCHAR }],
    named: BUILD_PARAMETERS,
    bind: (args) => {
      const state = asBuild(() => bind(args.positional[0], args.named));
      return { columns: state.layout.map((c) => ({ name: c.name, type: sqlType(c.kind, state.plan.bands) })), state };
    },
    rows: (state) => {
      const source = scan(state);
      return (max) => asBuild(() => source(max));
    },
  }),
];
