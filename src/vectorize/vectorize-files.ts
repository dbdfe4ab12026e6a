/**
 * Writes vectorize's polygons as FlatGeobuf (in the output CRS) and PMTiles v3 vector
 * tiles (always lon/lat, as web maps need); both writers finish into a temp file and rename.
 */
import { resolveCrs, transformGeometry } from '../geo/crs.js';
import { writeFlatGeobuf } from '../vector/flatgeobuf-writer.js';
import type { VectorFeature } from '../vector/mvt-tiles.js';
import { writeVectorPmtiles } from '../vector/vector-pmtiles.js';
import type { FieldPolygon } from './vectorize-prediction.js';

/** Where to write, and the tile zooms. */
export interface VectorFiles {
  readonly fgb?: string;
  readonly pmtiles?: string;
  readonly minZoom: number;
  readonly maxZoom: number;
}

const propertiesOf = (p: FieldPolygon): VectorFeature['properties'] => ({ id: p.id, class: p.className, area: p.area, score_mean: Number.isNaN(p.scoreMean) ? 0 : p.scoreMean, pixel_count: p.pixelCount });

/** Writes the files asked for. `crs` is the polygons' output CRS; `sourceCrs` their pixel grid's. */
export function writeVectorFiles(polygons: readonly FieldPolygon[], crs: string, sourceCrs: string, files: VectorFiles): void {
  if (files.fgb) {
    const features = polygons.map((p) => ({ geometry: p.geometry, properties: propertiesOf(p) }));
    writeFlatGeobuf(files.fgb, features, { epsg: resolveCrs(crs).epsg ?? 0, emptyProperties: { id: 0, class: '', area: 0, score_mean: 0, pixel_count: 0 } });
  }
  if (files.pmtiles) {
    const lonLat = resolveCrs(crs).epsg === 4326;
    const features = polygons.map((p) => ({
      geometry: lonLat ? p.geometry : transformGeometry(p.sourceGeometry, sourceCrs, 'EPSG:4326', { alwaysXy: true }),
      properties: propertiesOf(p),
    }));
    writeVectorPmtiles(files.pmtiles, features, { layer: 'fields', minZoom: files.minZoom, maxZoom: files.maxZoom, name: 'rasterduck vectorize' });
  }
}
