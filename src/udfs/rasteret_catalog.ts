/**
 * rasteret_catalog(): the built-in datasets rasteret_build accepts by id, with where they
 * are searched, their band names and how their files may be read.
 */
import { BOOLEAN, DOUBLE, INTEGER, LIST, STRUCT, VARCHAR } from '../duckdb.js';
import { DATASETS, type Dataset } from '../collection/catalog.js';
import { table, type FunctionDef } from './define.js';

const COLUMNS = [
  { name: 'id', type: VARCHAR },
  { name: 'title', type: VARCHAR },
  { name: 'description', type: VARCHAR },
  { name: 'stac_api', type: VARCHAR },
  { name: 'collection', type: VARCHAR },
  { name: 'record_table', type: VARCHAR },
  { name: 'bands', type: LIST(STRUCT({ band: VARCHAR, asset: VARCHAR, band_index: INTEGER })) },
  { name: 'access', type: VARCHAR },
  { name: 'requires_auth', type: BOOLEAN },
  { name: 'license', type: VARCHAR },
  { name: 'license_url', type: VARCHAR },
  { name: 'temporal_start', type: VARCHAR },
  { name: 'temporal_end', type: VARCHAR },
  { name: 'coverage', type: VARCHAR },
  { name: 'example_bbox', type: LIST(DOUBLE) },
  { name: 'example_date_range', type: LIST(VARCHAR) },
];

function rowOf(d: Dataset): unknown[] {
  const bands = Object.entries(d.bands).map(([band, b]) => ({ band, asset: b.asset, band_index: b.bandIndex ?? null }));
  return [
    d.id, d.title, d.description, d.stacApi ?? null, d.collection ?? null, d.recordTable ?? null, bands, d.access,
    d.access !== 'anonymous', d.license, d.licenseUrl, d.temporal[0], d.temporal[1], d.coverage, [...d.exampleBbox], [...d.exampleDates],
  ];
}

export const RASTERET_CATALOG_FUNCTIONS: readonly FunctionDef[] = [
  table<null>({
    name: 'rasteret_catalog',
    summary:
      "The datasets rasteret_build knows by id (Rasteret's catalog: Earth Search, Planetary Computer, AlphaEarth embeddings): STAC API and collection, band names and the asset (and sample) each maps to, access ('anonymous', 'planetary-computer-sas' signed automatically, 'requester-pays' needing AWS credentials and AWS_REQUEST_PAYER=requester), license and an example bbox and date range.",
    params: [],
    example: { sql: "SELECT count(*) >= 12 FROM rasteret_catalog()", expect: true },
    bind: () => ({ columns: COLUMNS, state: null }),
    rows: () => {
      const pending = DATASETS.map(rowOf);
      return (max) => pending.splice(0, max);
    },
  }),
];
