/**
 * Features to a PMTiles v3 archive of gzipped Mapbox Vector Tiles, with the TileJSON
 * `vector_layers` metadata the spec requires for MVT archives (spec 5).
 */
import { gzipSync } from 'node:zlib';
import { InputError } from '../errors.js';
import { bounds } from '../geo/bounds.js';
import { encodeVectorTiles, type TileOptions, type VectorFeature } from './mvt-tiles.js';
import { Compression, TileType, type Header } from './pmtiles-format.js';
import { PmtilesWriter } from './pmtiles-writer.js';

/** Tiling plus the archive's descriptive metadata. */
export interface VectorPmtilesOptions extends TileOptions {
  readonly name?: string;
  readonly description?: string;
  readonly attribution?: string;
  /** Root directory budget in bytes (tests use a small one to force leaf directories). */
  readonly maxRootBytes?: number;
}

/**
 * Tiles longitude/latitude features into an MVT PMTiles archive at `path` (temp file,
 * then rename) and returns the header written.
 * @throws InputError when there are no features, zooms are out of range, or no tile holds a feature.
 */
export function writeVectorPmtiles(path: string, features: readonly VectorFeature[], opts: VectorPmtilesOptions): Header {
  const box = bounds({ type: 'GeometryCollection', geometries: features.map((f) => f.geometry) });
  if (!box) throw new InputError({ url: path, reason: 'pmtiles: no features to tile', hint: 'Write PMTiles only when the query returns polygons' });
  const writer = new PmtilesWriter(path, { tileType: TileType.mvt, tileCompression: Compression.gzip, maxRootBytes: opts.maxRootBytes });
  try {
    for (const t of encodeVectorTiles(features, opts)) writer.addTile(t.z, t.x, t.y, new Uint8Array(gzipSync(t.data)));
    return writer.finish({
      minZoom: opts.minZoom,
      maxZoom: opts.maxZoom,
      bounds: [box.xmin, box.ymin, box.xmax, box.ymax],
      center: [(box.xmin + box.xmax) / 2, (box.ymin + box.ymax) / 2],
      centerZoom: opts.minZoom,
      metadata: metadataFor(features, opts),
    });
  } catch (error) {
    writer.abort();
    throw error;
  }
}

function metadataFor(features: readonly VectorFeature[], opts: VectorPmtilesOptions): Record<string, unknown> {
  const fields: Record<string, string> = {};
  for (const f of features) {
    for (const [key, value] of Object.entries(f.properties)) {
      // TileJSON 3.0 vector_layers field types
      fields[key] ??= typeof value === 'number' ? 'Number' : typeof value === 'boolean' ? 'Boolean' : 'String';
    }
  }
  const described = Object.entries({ name: opts.name, description: opts.description, attribution: opts.attribution }).filter(([, v]) => v !== undefined);
  return {
    ...Object.fromEntries(described),
    type: 'overlay',
    vector_layers: [{ id: opts.layer, fields, minzoom: opts.minZoom, maxzoom: opts.maxZoom }],
  };
}
