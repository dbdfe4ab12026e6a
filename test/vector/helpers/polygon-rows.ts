/**
 * Test helper (not used by rasterduck itself, so kept out of src/):
 * Polygonize output in the two shapes writers take: rows with WKB geometry (what a DuckDB
 * GEOMETRY column holds, so `COPY ... TO` writes GeoParquet) and features with flat
 * properties (FlatGeobuf, vector tiles). Column names are snake_case, as SQL columns.
 */
import type { Geometry } from '../../../src/geo/geometry.js';
import type { PolygonizedRegion } from '../../../src/geo/polygonize.js';
import { toWkb } from '../../../src/geo/wkb.js';
import type { PropertyValue, VectorFeature } from '../../../src/vector/mvt-tiles.js';

/** One polygon as a table row. */
export interface PolygonRow {
  /** The raster value (class) of the region. */
  readonly value: number;
  readonly pixel_count: number;
  /** Planar area in squared CRS units. */
  readonly area: number;
  /** Mean score (e.g. probability) over the region's pixels; null without a score raster. */
  readonly score: number | null;
  /** ISO WKB of the (Multi)Polygon. */
  readonly geometry: Uint8Array;
}

/** Rows for `regions`, in their order. */
export function polygonRows(regions: readonly PolygonizedRegion[]): PolygonRow[] {
  return regions.map((r) => ({
    value: r.value,
    pixel_count: r.pixelCount,
    area: r.area,
    score: Number.isNaN(r.score) ? null : r.score,
    geometry: toWkb(r.geometry),
  }));
}

/**
 * Features for `regions`: properties value, pixel_count, area and (with a score raster)
 * score; `reproject` maps each geometry first (e.g. to longitude/latitude for tiles).
 */
export function polygonFeatures(regions: readonly PolygonizedRegion[], reproject?: (g: Geometry) => Geometry): VectorFeature[] {
  return regions.map((r) => {
    const properties: Record<string, PropertyValue> = { value: r.value, pixel_count: r.pixelCount, area: r.area };
    if (!Number.isNaN(r.score)) properties.score = r.score;
    return { geometry: reproject ? reproject(r.geometry) : r.geometry, properties };
  });
}
