/**
 * The columns of a collection and how an item fills them: Rasteret's record columns (id,
 * datetime, geometry, bbox, year, month, assets, proj:epsg, crs), every STAC property
 * under its own name, and one `{band}_metadata` struct per band.
 */
import { bounds } from '../geo/bounds.js';
import { parseGeoJson } from '../geo/geojson.js';
import { toWkb } from '../geo/wkb.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';
import type { Json, StacItem } from '../stac/stac-types.js';
import { instantOf } from './instant.js';
import { propertyType, propertyValue, type PropertyType } from './property-types.js';
import type { BandSpec } from './source.js';

/**
 * The SQL type of a column, named here and mapped to DuckDB types by the adapter (so core
 * code does not depend on the DuckDB API): property types, GEOMETRY, the bbox struct,
 * the assets struct of the build's bands, and Rasteret's `{band}_metadata` struct.
 */
export type ColumnKind = PropertyType | 'geometry' | 'bbox' | 'assets' | 'metadata';

/** Headers of one item's bands, by band name (null: missing or unreadable). */
export type ItemHeaders = ReadonlyMap<string, CogMetadata | null>;

/** A column plus how to compute its value for an item. */
export interface LayoutColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly value: (item: StacItem, headers: ItemHeaders) => unknown;
}

/** Names the record columns take; properties with these names are not repeated. */
const RECORD = ['id', 'datetime', 'geometry', 'bbox', 'collection', 'year', 'month', 'proj:epsg', 'crs', 'assets'];

/**
 * The columns for `items` indexed with `bands`, in the order: id, datetime (RFC 3339 text,
 * which the rasteret_build macro casts to TIMESTAMPTZ so microseconds survive), geometry,
 * bbox, collection, year, month, the properties in first-seen order, proj:epsg, crs,
 * assets and the `{band}_metadata` columns.
 */
export function layoutOf(items: readonly StacItem[], bands: readonly BandSpec[]): LayoutColumn[] {
  // DuckDB column names are case-insensitive: the first spelling of a name wins
  const taken = new Set([...RECORD, ...bands.map((b) => `${b.name}_metadata`)].map((n) => n.toLowerCase()));
  const names: string[] = [];
  for (const item of items) {
    for (const k of Object.keys(item.properties)) {
      if (taken.has(k.toLowerCase())) continue;
      taken.add(k.toLowerCase());
      names.push(k);
    }
  }
  const columns: LayoutColumn[] = [
    { name: 'id', kind: 'varchar', value: (item) => item.id },
    { name: 'datetime', kind: 'varchar', value: (item) => timeOf(item)?.iso ?? null },
    { name: 'geometry', kind: 'geometry', value: (item) => (item.geometry ? toWkb(parseGeoJson(item.geometry)) : null) },
    { name: 'bbox', kind: 'bbox', value: bboxOf },
    { name: 'collection', kind: 'varchar', value: (item) => item.collection ?? null },
    { name: 'year', kind: 'integer', value: (item) => timeOf(item)?.year ?? null },
    { name: 'month', kind: 'integer', value: (item) => timeOf(item)?.month ?? null },
  ];
  for (const name of names) {
    const type = propertyType(name, items.map((i) => i.properties[name]));
    columns.push({ name, kind: type, value: (item) => propertyValue(type, item.properties[name]) });
  }
  columns.push(
    { name: 'proj:epsg', kind: 'integer', value: (item, headers) => epsgOf(item, bands, headers) ?? null },
    { name: 'crs', kind: 'varchar', value: (item, headers) => { const e = epsgOf(item, bands, headers); return e === undefined ? null : `EPSG:${e}`; } },
  );
  if (bands.length > 0) columns.push({ name: 'assets', kind: 'assets', value: (item) => assetsOf(item, bands) });
  for (const band of bands) columns.push({ name: `${band.name}_metadata`, kind: 'metadata', value: (_item, headers) => headers.get(band.name) ?? null });
  return columns;
}

function timeOf(item: StacItem) {
  const p = item.properties;
  const text = typeof p.datetime === 'string' ? p.datetime : typeof p.start_datetime === 'string' ? p.start_datetime : undefined;
  return text === undefined ? undefined : instantOf(text);
}

function bboxOf(item: StacItem): unknown {
  const b = item.bbox;
  if (b) return b.length === 6 ? { xmin: b[0], ymin: b[1], xmax: b[3], ymax: b[4] } : { xmin: b[0], ymin: b[1], xmax: b[2], ymax: b[3] };
  return item.geometry ? (bounds(parseGeoJson(item.geometry)) ?? null) : null;
}

/** The raster CRS: the item's proj:epsg or proj:code, else its first band asset's, else the first header's. */
function epsgOf(item: StacItem, bands: readonly BandSpec[], headers: ItemHeaders): number | undefined {
  const fromFields = (o: Readonly<Record<string, Json | undefined>> | undefined): number | undefined => {
    if (!o) return undefined;
    if (typeof o['proj:epsg'] === 'number') return o['proj:epsg'];
    const code = typeof o['proj:code'] === 'string' ? /^EPSG:(\d+)$/i.exec(o['proj:code']) : null;
    return code ? Number(code[1]) : undefined;
  };
  const first = bands[0] ? item.assets[bands[0].asset] : undefined;
  return fromFields(item.properties) ?? fromFields(first) ?? bands.map((b) => headers.get(b.name)?.crs_epsg).find((e) => typeof e === 'number') ?? undefined;
}

function assetsOf(item: StacItem, bands: readonly BandSpec[]): unknown {
  return Object.fromEntries(bands.map((b) => {
    const a = item.assets[b.asset];
    return [b.name, a ? { href: a.href, band_index: b.bandIndex } : null];
  }));
}
