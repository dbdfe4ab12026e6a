/**
 * Longitude/latitude features to Mapbox Vector Tiles (spec 2.1), zoom by zoom. Slicing is
 * @maplibre/geojson-vt (web mercator projection, clipping with a buffer, per-zoom
 * simplification, quantising to the tile extent, MVT ring winding); encoding is
 * @maplibre/vt-pbf. Both are MapLibre's own, the code behind its GeoJSON sources, and
 * this file is the only one importing them.
 */
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { InputError } from '../errors.js';
import type { Geometry } from '../geo/geometry.js';
import { zxyToTileId } from './pmtiles-format.js';

/** A property value MVT can hold. */
export type PropertyValue = number | string | boolean;

/** A feature to tile: geometry in longitude/latitude (EPSG:4326, x = lon) and flat properties. */
export interface VectorFeature {
  readonly geometry: Geometry;
  readonly properties: Readonly<Record<string, PropertyValue>>;
}

/** How features are cut into tiles. */
export interface TileOptions {
  /** The MVT layer name (and the vector_layers id). */
  readonly layer: string;
  readonly minZoom: number;
  /** At most 24, geojson-vt's limit. */
  readonly maxZoom: number;
  /** Tile extent in integer units; default 4096 (the MVT default). */
  readonly extent?: number;
  /** Clip buffer around each tile, in extent units; default 64. */
  readonly buffer?: number;
  /** Simplification tolerance in extent units at every zoom; default 3 (geojson-vt's). 0 keeps every vertex. */
  readonly tolerance?: number;
}

/** One encoded tile (uncompressed MVT bytes). */
export interface EncodedTile {
  readonly z: number;
  readonly x: number;
  readonly y: number;
  readonly data: Uint8Array;
}

/**
 * Slices and encodes every non-empty tile from minZoom to maxZoom, in PMTiles tile-id
 * order (zoom by zoom, along the Hilbert curve), so an archive gets them clustered.
 * @throws InputError for zooms outside 0..24 or minZoom above maxZoom.
 */
export function* encodeVectorTiles(features: readonly VectorFeature[], opts: TileOptions): Generator<EncodedTile> {
  const { minZoom, maxZoom, layer } = opts;
  if (!Number.isInteger(minZoom) || !Number.isInteger(maxZoom) || minZoom < 0 || maxZoom > 24 || minZoom > maxZoom) {
    throw new InputError({ reason: `mvt: zooms ${minZoom}..${maxZoom} are not 0 <= minZoom <= maxZoom <= 24`, hint: 'Pick e.g. min_zoom := 10, max_zoom := 16 for field boundaries' });
  }
  const extent = opts.extent ?? 4096;
  // the geometry model is GeoJSON-shaped already (src/geo/geometry.ts)
  const collection = {
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { ...f.properties } })),
  } as unknown as ConstructorParameters<typeof GeoJSONVT>[0];
  const index = new GeoJSONVT(collection, {
    maxZoom, indexMaxZoom: Math.min(5, maxZoom), extent,
    buffer: opts.buffer ?? 64, tolerance: opts.tolerance ?? 3,
    wrap: false, generateId: true,
  });
  for (const [z, coords] of nonEmptyTiles(index, minZoom, maxZoom).entries()) {
    coords.sort((a, b) => zxyToTileId(z, a[0], a[1]) - zxyToTileId(z, b[0], b[1]));
    for (const [x, y] of coords) {
      const tile = index.getTile(z, x, y)!;
      yield { z, x, y, data: fromGeojsonVt({ [layer]: tile }, { version: 2, extent }) };
    }
  }
}

// Walks the quadtree from 0/0/0. geojson-vt has no tile where nothing was clipped in, and
// then none below it either (a child's buffered area lies inside its parent's), so that
// branch is skipped; a tile whose features were all simplified away still has children
function nonEmptyTiles(index: GeoJSONVT, minZoom: number, maxZoom: number): Map<number, [number, number][]> {
  const byZoom = new Map<number, [number, number][]>();
  for (let z = minZoom; z <= maxZoom; z++) byZoom.set(z, []);
  const stack: [number, number, number][] = [[0, 0, 0]];
  while (stack.length > 0) {
    const [z, x, y] = stack.pop()!;
    const tile = index.getTile(z, x, y);
    if (!tile) continue;
    if (z >= minZoom && tile.features.length > 0) byZoom.get(z)!.push([x, y]);
    if (z < maxZoom) stack.push([z + 1, 2 * x, 2 * y], [z + 1, 2 * x + 1, 2 * y], [z + 1, 2 * x, 2 * y + 1], [z + 1, 2 * x + 1, 2 * y + 1]);
  }
  return byZoom;
}
