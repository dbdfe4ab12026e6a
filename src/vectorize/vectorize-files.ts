/**
 * Writes vectorize's polygons as FlatGeobuf (in the output CRS) and PMTiles v3 vector
 * tiles (always lon/lat, as web maps need), polygon by polygon as the scan yields them;
 * both files finish into a temp file and are renamed at the end of the scan.
 *
 * What each holds: FlatGeobuf streams (features are spooled to disk, one in memory at a
 * time; see flatgeobuf-writer.ts). PMTiles does not: its tiles are cut by geojson-vt,
 * which indexes every feature before the first tile can be cut (a tile at min_zoom spans
 * many blocks, and every zoom's tiles are written in one pass), so with pmtiles := the
 * lon/lat polygons of the whole run are held until the end. For a bounded run over a big
 * mosaic, leave pmtiles out and tile the GeoParquet (or the FlatGeobuf) afterwards.
 */
import { resolveCrs, transformGeometry } from '../geo/crs.js';
import { FlatGeobufWriter } from '../vector/flatgeobuf-writer.js';
import type { VectorFeature } from '../vector/mvt-tiles.js';
import { writeVectorPmtiles } from '../vector/vector-pmtiles.js';
import type { FieldPolygon } from './vectorize-prediction.js';

/** Where to write, and the tile zooms. */
export interface VectorFiles {
  readonly fgb?: string;
  /** The FlatGeobuf layer's name: vectorize's class (PMTiles keeps its documented layer 'fields'). */
  readonly layer?: string;
  readonly pmtiles?: string;
  readonly minZoom: number;
  readonly maxZoom: number;
}

const propertiesOf = (p: FieldPolygon): VectorFeature['properties'] => ({ id: p.id, class: p.className, area: p.area, score_mean: Number.isNaN(p.scoreMean) ? 0 : p.scoreMean, pixel_count: p.pixelCount });

/** The files asked for, fed one polygon at a time; `finish` once at the end, or `abort`. */
export class VectorFileWriter {
  private readonly fgb: FlatGeobufWriter | undefined;
  // geojson-vt needs them all (see above)
  private readonly tileFeatures: VectorFeature[] | undefined;
  private readonly lonLat: boolean;

  /** `crs` is the polygons' output CRS; `sourceCrs` their pixel grid's. */
  constructor(private readonly files: VectorFiles, crs: string, private readonly sourceCrs: string) {
    const epsg = resolveCrs(crs).epsg;
    this.lonLat = epsg === 4326;
    this.fgb = files.fgb ? new FlatGeobufWriter(files.fgb, { epsg: epsg ?? 0, emptyProperties: { id: 0, class: '', area: 0, score_mean: 0, pixel_count: 0 }, ...(files.layer ? { layer: files.layer } : {}) }) : undefined;
    this.tileFeatures = files.pmtiles ? [] : undefined;
  }

  /** Adds one polygon to every file asked for. */
  add(p: FieldPolygon): void {
    this.fgb?.add({ geometry: p.geometry, properties: propertiesOf(p) });
    this.tileFeatures?.push({
      geometry: this.lonLat ? p.geometry : transformGeometry(p.sourceGeometry, this.sourceCrs, 'EPSG:4326', { alwaysXy: true }),
      properties: propertiesOf(p),
    });
  }

  /**
   * Writes the files (each atomically).
   * @throws InputError from the writers, e.g. PMTiles with no polygon to tile.
   */
  finish(): void {
    try {
      this.fgb?.finish();
      if (this.files.pmtiles && this.tileFeatures) {
        writeVectorPmtiles(this.files.pmtiles, this.tileFeatures, { layer: 'fields', minZoom: this.files.minZoom, maxZoom: this.files.maxZoom, name: 'rasterduck vectorize' });
      }
    } finally {
      this.abort();
    }
  }

  /** Drops what was gathered; no file is written. Safe to call twice. */
  abort(): void {
    this.fgb?.abort();
    this.tileFeatures?.splice(0);
  }
}
