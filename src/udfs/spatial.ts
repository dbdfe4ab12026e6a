/**
 * The geometry functions DuckDB's core lacks, named, typed and ordered like the spatial
 * extension's (which cannot be installed here) so queries port unchanged. The core's own
 * ST_AsText, ST_AsWKB, ST_GeomFromWKB, ST_CRS and ST_SetCRS are not shadowed.
 */
import { BOOLEAN, DOUBLE, GEOMETRY, VARCHAR } from '../duckdb.js';
import { area, intersects } from '../geo/predicates.js';
import { bounds, envelope } from '../geo/bounds.js';
import { parseGeoJson, toGeoJson } from '../geo/geojson.js';
import { transformGeometry } from '../geo/crs.js';
import { parseWkb, toWkb } from '../geo/wkb.js';
import { parseWkt } from '../geo/wkt.js';
import type { Geometry } from '../geo/geometry.js';
import { scalar, type FunctionDef } from './define.js';
import { SPATIAL_OPS_FUNCTIONS } from './spatial_ops.js';

const geom = (name = 'geom') => ({ name, type: GEOMETRY });
const wkb = (bytes: Uint8Array) => parseWkb(bytes);
const out = (g: Geometry) => toWkb(g);

const boundOf = (key: 'xmin' | 'ymin' | 'xmax' | 'ymax') => (bytes: Uint8Array) => bounds(wkb(bytes))?.[key] ?? null;

export const SPATIAL_FUNCTIONS: readonly FunctionDef[] = [
  scalar({
    name: 'ST_GeomFromText', summary: 'Parses WKT (any type, EMPTY, Z/M tolerated) into a GEOMETRY.',
    params: [{ name: 'wkt', type: VARCHAR }], returns: GEOMETRY,
    example: { sql: "SELECT ST_AsText(ST_GeomFromText('POINT (1 2)'))", expect: 'POINT (1 2)' },
    each: (text: string) => out(parseWkt(text)),
  }),
  scalar({
    name: 'ST_GeomFromGeoJSON', summary: 'Parses a GeoJSON geometry (or the geometry of a Feature) into a GEOMETRY.',
    params: [{ name: 'geojson', type: VARCHAR }], returns: GEOMETRY,
    example: { sql: `SELECT ST_AsText(ST_GeomFromGeoJSON('{"type":"Point","coordinates":[1,2]}'))`, expect: 'POINT (1 2)' },
    each: (text: string) => out(parseGeoJson(text)),
  }),
  scalar({
    name: 'ST_AsGeoJSON', summary: 'The geometry as a GeoJSON geometry object.',
    params: [geom()], returns: VARCHAR,
    example: { sql: "SELECT ST_AsGeoJSON('POINT (1 2)'::GEOMETRY)", expect: '{"type":"Point","coordinates":[1.0,2.0]}' },
    each: (bytes: Uint8Array) => toGeoJson(wkb(bytes)),
  }),
  scalar({
    name: 'ST_Envelope', summary: 'The bounding box of a geometry as a polygon (a point when it has no extent).',
    params: [geom()], returns: GEOMETRY,
    example: { sql: "SELECT ST_AsText(ST_Envelope('LINESTRING (0 0, 2 1)'::GEOMETRY))", expect: 'POLYGON ((0 0, 2 0, 2 1, 0 1, 0 0))' },
    each: (bytes: Uint8Array) => out(envelope(wkb(bytes))),
  }),
  scalar({
    name: 'ST_Intersects', summary: 'True when two geometries share any point (boundaries included), exactly.',
    params: [geom('geom1'), geom('geom2')], returns: BOOLEAN,
    example: { sql: "SELECT ST_Intersects('POINT (1 1)'::GEOMETRY, 'POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))'::GEOMETRY)", expect: true },
    each: (a: Uint8Array, b: Uint8Array) => intersects(wkb(a), wkb(b)),
  }),
  scalar({
    name: 'ST_Area', summary: 'Planar area of a polygonal geometry in the square units of its coordinates (holes subtracted).',
    params: [geom()], returns: DOUBLE,
    example: { sql: "SELECT ST_Area('POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))'::GEOMETRY)", expect: 96 },
    each: (bytes: Uint8Array) => area(wkb(bytes)),
  }),
  scalar({
    name: 'ST_Transform',
    summary: 'Reprojects a geometry from one CRS to another (EPSG:code, proj string or WKT); axis order follows the authority, as in DuckDB spatial.',
    params: [geom(), { name: 'source_crs', type: VARCHAR }, { name: 'target_crs', type: VARCHAR }], returns: GEOMETRY,
    // rasterio.warp.transform('EPSG:4326', 'EPSG:32633', [15], [52]); EPSG:4326 is lat, lon here
    example: { sql: "SELECT [round(ST_XMin(g), 2), round(ST_YMin(g), 2)] FROM (SELECT ST_Transform('POINT (52 15)'::GEOMETRY, 'EPSG:4326', 'EPSG:32633') AS g)", expect: [500000, 5761038.21] },
    each: (bytes: Uint8Array, from: string, to: string) => out(transformGeometry(wkb(bytes), from, to, { alwaysXy: false })),
  }),
  scalar({
    name: 'ST_Transform',
    summary: 'Reprojects a geometry; with always_xy true, coordinates are x/y (lon/lat) whatever the authority says.',
    params: [geom(), { name: 'source_crs', type: VARCHAR }, { name: 'target_crs', type: VARCHAR }, { name: 'always_xy', type: BOOLEAN }], returns: GEOMETRY,
    example: { sql: "SELECT [round(ST_XMin(g), 2), round(ST_YMin(g), 2)] FROM (SELECT ST_Transform('POINT (15 52)'::GEOMETRY, 'EPSG:4326', 'EPSG:32633', true) AS g)", expect: [500000, 5761038.21] },
    each: (bytes: Uint8Array, from: string, to: string, alwaysXy: boolean) => out(transformGeometry(wkb(bytes), from, to, { alwaysXy })),
  }),
  scalar({
    name: 'ST_Point', summary: 'A point from x and y.',
    params: [{ name: 'x', type: DOUBLE }, { name: 'y', type: DOUBLE }], returns: GEOMETRY,
    example: { sql: 'SELECT ST_AsText(ST_Point(1.5, 2))', expect: 'POINT (1.5 2)' },
    each: (x: number, y: number) => out({ type: 'Point', coordinates: [x, y] }),
  }),
  scalar({
    name: 'ST_MakeEnvelope', summary: 'A rectangle polygon from its bounds.',
    params: ['min_x', 'min_y', 'max_x', 'max_y'].map((name) => ({ name, type: DOUBLE })), returns: GEOMETRY,
    example: { sql: 'SELECT ST_AsText(ST_MakeEnvelope(0, 0, 2, 1))', expect: 'POLYGON ((0 0, 2 0, 2 1, 0 1, 0 0))' },
    each: (xmin: number, ymin: number, xmax: number, ymax: number) => out(envelope({ type: 'MultiPoint', coordinates: [[xmin, ymin], [xmax, ymax]] })),
  }),
  ...(
    [['xmin', 'ST_XMin', 1], ['ymin', 'ST_YMin', 2], ['xmax', 'ST_XMax', 3], ['ymax', 'ST_YMax', 4]] as const
  ).map(([key, name, expect]) =>
    scalar({
      name, summary: `The ${key} of a geometry's bounding box (NULL when empty).`,
      params: [geom()], returns: DOUBLE,
      example: { sql: `SELECT ${name}('LINESTRING (1 2, 3 4)'::GEOMETRY)`, expect },
      each: boundOf(key),
    }),
  ),
  ...SPATIAL_OPS_FUNCTIONS,
];
