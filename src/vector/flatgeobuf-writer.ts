/**
 * Features to a FlatGeobuf file with the `flatgeobuf` package (the only file importing
 * it), streamed: the header needs the feature count and one geometry type, known only at
 * the end, so features are spooled to disk as they come (record-spool.ts) and serialized
 * one at a time by `finish` into a temp file that is then renamed. Memory holds one
 * feature, not the collection. The file has no spatial index (index_node_size 0, which
 * the spec allows): a packed R-tree would need every feature's box sorted before the
 * first feature is written. Every number column is typed Double, as the package does.
 * The header is built here, not by the package's buildHeader, which names every layer
 * 'L1': GDAL and QGIS show the header's name as the layer name.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { Builder } from 'flatbuffers';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { mapColumn } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
import { toGeometryType } from 'flatgeobuf/lib/mjs/generic/geometry.js';
import { parseGC, parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import { InputError } from '../errors.js';
import type { Geometry } from '../geo/geometry.js';
import { writeAtomically } from './atomic-file.js';
import type { VectorFeature } from './mvt-tiles.js';
import { RecordSpool } from './record-spool.js';

/** The file's CRS and, for an empty file, the columns it would have had. */
export interface FlatGeobufOptions {
  /** EPSG code of the coordinates (FlatGeobuf stores the code; 0 = unknown). */
  readonly epsg?: number;
  /** Property names and sample values, used only to give a file without features its columns. */
  readonly emptyProperties?: VectorFeature['properties'];
  /** The layer name readers show (ogrinfo, QGIS); default: the file's name without `.fgb`. */
  readonly layer?: string;
}

type HeaderMeta = Parameters<typeof buildFeature>[2];

/**
 * Writes one FlatGeobuf file feature by feature; call `finish` once, or `abort` to drop
 * it. Polygons are written as MultiPolygons when the two are mixed, so the file has one
 * geometry type, as GDAL and QGIS prefer. Nothing appears at `path` before `finish`.
 */
export class FlatGeobufWriter {
  private readonly spool: RecordSpool;
  private first: VectorFeature['properties'] | undefined;
  private keys = '';
  private readonly types = new Set<string>();

  /** Opens the spool next to `path` (unlinked at once, see record-spool.ts). */
  constructor(readonly path: string, private readonly opts: FlatGeobufOptions = {}) {
    this.spool = new RecordSpool(path);
  }

  /**
   * Adds one feature; every feature must have the first one's property names and types.
   * @throws InputError when its property names differ from the first feature's.
   */
  add(feature: VectorFeature): void {
    const keys = Object.keys(feature.properties).join(',');
    if (this.first === undefined) [this.first, this.keys] = [feature.properties, keys];
    if (keys !== this.keys) {
      throw new InputError({ url: this.path, reason: `flatgeobuf: feature ${this.spool.count} has properties (${keys}), the first has (${this.keys})`, hint: 'Give every feature the same columns' });
    }
    this.types.add(feature.geometry.type);
    this.spool.append(serialize(feature));
  }

  /** Writes the file (temp name, then rename) and frees the spool. */
  finish(): void {
    try {
      writeAtomically(this.path, (temp) => this.write(temp));
    } finally {
      this.abort();
    }
  }

  /** Frees the spool without writing; `path` is left as it was. Safe to call twice. */
  abort(): void {
    this.spool.close();
  }

  private write(temp: string): void {
    const multi = this.types.has('MultiPolygon') && this.types.has('Polygon');
    const types = new Set([...this.types].map((t) => (multi && t === 'Polygon' ? 'MultiPolygon' : t)));
    const props = this.first ?? this.opts.emptyProperties ?? {};
    const meta: HeaderMeta = {
      // one type for the file, else Unknown with a type per feature (the package's rule)
      geometryType: types.size === 1 ? toGeometryType([...types][0]) : types.size === 0 ? GeometryType.MultiPolygon : GeometryType.Unknown,
      columns: Object.keys(props).map((k) => mapColumn({ ...props }, k)),
      envelope: null, featuresCount: this.spool.count, indexNodeSize: 0, crs: null, title: null, description: null, metadata: null,
    };
    const out = openSync(temp, 'w');
    try {
      writeSync(out, magicbytes);
      writeSync(out, headerOf(meta, this.opts.epsg ?? 0, this.opts.layer ?? basename(this.path).replace(/\.fgb$/i, '')));
      for (const record of this.spool.records()) {
        const f = deserialize(record) as VectorFeature;
        const g = multi ? toMulti(f.geometry) : f.geometry;
        const parsed = g.type === 'GeometryCollection' ? parseGC(g as never) : parseGeometry(g as never);
        writeSync(out, buildFeature(parsed, { ...f.properties }, meta));
      }
    } finally {
      closeSync(out);
    }
  }
}

/**
 * Writes the features (properties must have the same keys and types in every feature) to
 * `path` through a FlatGeobufWriter.
 * @throws InputError when features disagree on property names.
 */
export function writeFlatGeobuf(path: string, features: readonly VectorFeature[], opts: FlatGeobufOptions = {}): void {
  const writer = new FlatGeobufWriter(path, opts);
  try {
    for (const f of features) writer.add(f);
  } catch (error) {
    writer.abort();
    throw error;
  }
  writer.finish();
}

/**
 * The size-prefixed header table, as the package's buildHeader writes it (columns, CRS code,
 * feature count, geometry type, no index) but with the layer `name` given.
 */
function headerOf(meta: HeaderMeta, epsg: number, name: string): Uint8Array {
  const builder = new Builder();
  const columns = meta.columns?.length
    ? Header.createColumnsVector(builder, meta.columns.map((c) => {
      const columnName = builder.createString(c.name);
      Column.startColumn(builder);
      Column.addName(builder, columnName);
      Column.addType(builder, c.type);
      return Column.endColumn(builder);
    }))
    : 0;
  const nameOffset = builder.createString(name);
  let crs = 0;
  if (epsg) {
    Crs.startCrs(builder);
    Crs.addCode(builder, epsg);
    crs = Crs.endCrs(builder);
  }
  Header.startHeader(builder);
  if (crs) Header.addCrs(builder, crs);
  Header.addFeaturesCount(builder, BigInt(meta.featuresCount));
  Header.addGeometryType(builder, meta.geometryType);
  Header.addIndexNodeSize(builder, 0);
  if (columns) Header.addColumns(builder, columns);
  Header.addName(builder, nameOffset);
  builder.finishSizePrefixed(Header.endHeader(builder));
  return builder.asUint8Array();
}

function toMulti(g: Geometry): Geometry {
  return g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g;
}
