/**
 * Features to a FlatGeobuf file with the `flatgeobuf` package (the only file importing
 * it), written to a temp name and renamed. The package's serializer writes no spatial
 * index, builds the whole file in memory, and types every number column as Double.
 */
import { writeFileSync } from 'node:fs';
import { geojson } from 'flatgeobuf';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { buildHeader, mapColumn } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
import { InputError } from '../errors.js';
import type { Geometry } from '../geo/geometry.js';
import { writeAtomically } from './atomic-file.js';
import type { VectorFeature } from './mvt-tiles.js';

/** The file's CRS and, for an empty file, the columns it would have had. */
export interface FlatGeobufOptions {
  /** EPSG code of the coordinates (FlatGeobuf stores the code; 0 = unknown). */
  readonly epsg?: number;
  /** Property names and sample values, used only to give a file without features its columns. */
  readonly emptyProperties?: VectorFeature['properties'];
}

/**
 * Writes the features (properties must have the same keys and types in every feature) to
 * `path`. Polygons are written as MultiPolygons when the two are mixed, so the file has
 * one geometry type, as GDAL and QGIS prefer.
 * @throws InputError when features disagree on property names.
 */
export function writeFlatGeobuf(path: string, features: readonly VectorFeature[], opts: FlatGeobufOptions = {}): void {
  const keys = Object.keys(features[0]?.properties ?? {}).join(',');
  const odd = features.findIndex((f) => Object.keys(f.properties).join(',') !== keys);
  if (odd >= 0) {
    throw new InputError({ url: path, reason: `flatgeobuf: feature ${odd} has properties (${Object.keys(features[odd].properties)}), the first has (${keys})`, hint: 'Give every feature the same columns' });
  }
  const bytes = features.length === 0 ? emptyFile(opts) : serialize(features, opts.epsg ?? 0);
  writeAtomically(path, (temp) => writeFileSync(temp, bytes));
}

function serialize(features: readonly VectorFeature[], epsg: number): Uint8Array {
  const types = new Set(features.map((f) => f.geometry.type));
  const multi = types.has('MultiPolygon') && types.has('Polygon');
  const collection = {
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', geometry: multi ? toMulti(f.geometry) : f.geometry, properties: { ...f.properties } })),
  } as unknown as Parameters<typeof geojson.serialize>[0];
  return geojson.serialize(collection, epsg);
}

function toMulti(g: Geometry): Geometry {
  return g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g;
}

// the package cannot serialize zero features; a header with a feature count of 0 is a
// complete FlatGeobuf file (magic bytes, then the size-prefixed header)
function emptyFile(opts: FlatGeobufOptions): Uint8Array {
  const props = opts.emptyProperties ?? {};
  const header = buildHeader({
    geometryType: GeometryType.MultiPolygon,
    columns: Object.keys(props).map((k) => mapColumn({ ...props }, k)),
    envelope: null, featuresCount: 0, indexNodeSize: 0, crs: null, title: null, description: null, metadata: null,
  }, opts.epsg ?? 0);
  const out = new Uint8Array(magicbytes.length + header.length);
  out.set(magicbytes);
  out.set(header, magicbytes.length);
  return out;
}
