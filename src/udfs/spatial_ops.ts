/**
 * The ST_ functions of DuckDB spatial that need a geometry engine (JSTS, the JTS port GEOS
 * comes from; loaded on the first call, so starting a shell does not pay for it) or walk
 * a geometry's parts: names, argument order and results as in DuckDB spatial, on DuckDB's
 * core GEOMETRY. ST_Union_Agg is a macro over ST_Union_List (sql/macros/spatial.sql)
 * because @duckdb/node-api 1.5 cannot register aggregate functions.
 */
import { BOOLEAN, DOUBLE, GEOMETRY, INTEGER, LIST, STRUCT } from '../duckdb.js';
import { buffer, centroid, distance, dWithin, isValid, makeValid, overlay, relate, simplify, unionAll, type Predicate } from '../geo/engine/ops.js';
import { collectionExtract, dump, length, numPoints, pointOrdinate } from '../geo/engine/parts.js';
import { parseWkb, toWkb } from '../geo/wkb.js';
import { macro, scalar, type FunctionDef } from './define.js';

const geom = (name = 'geom') => ({ name, type: GEOMETRY });
const num = (name: string) => ({ name, type: DOUBLE });
const wkb = (bytes: Uint8Array) => parseWkb(bytes);
const SQUARE = "'POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))'::GEOMETRY";

const PREDICATES: readonly (readonly [string, Predicate, string, string, boolean])[] = [
  ['ST_Contains', 'contains', 'no point of geom2 lies outside geom1 and some point of geom2 lies in the interior of geom1', `ST_Contains(${SQUARE}, 'POINT (1 1)'::GEOMETRY)`, true],
  ['ST_Within', 'within', 'geom1 lies inside geom2 (ST_Contains with the arguments swapped)', `ST_Within('POINT (1 1)'::GEOMETRY, ${SQUARE})`, true],
  ['ST_Covers', 'covers', 'no point of geom2 lies outside geom1 (boundary points count as covered)', `ST_Covers(${SQUARE}, 'POINT (0 1)'::GEOMETRY)`, true],
  ['ST_CoveredBy', 'coveredBy', 'no point of geom1 lies outside geom2', `ST_CoveredBy('POINT (0 1)'::GEOMETRY, ${SQUARE})`, true],
  ['ST_Touches', 'touches', 'the geometries share boundary points but no interior point', `ST_Touches(${SQUARE}, 'POINT (0 1)'::GEOMETRY)`, true],
  ['ST_Disjoint', 'disjoint', 'the geometries share no point', `ST_Disjoint(${SQUARE}, 'POINT (5 5)'::GEOMETRY)`, true],
];

const DUMP = LIST(STRUCT({ geom: GEOMETRY, path: LIST(INTEGER) }));

export const SPATIAL_OPS_FUNCTIONS: readonly FunctionDef[] = [
  scalar({
    name: 'ST_X', summary: 'The x of a point (NULL for POINT EMPTY; an error for other types).',
    params: [geom()], returns: DOUBLE, example: { sql: "SELECT ST_X('POINT (1.5 2)'::GEOMETRY)", expect: 1.5 },
    each: (g: Uint8Array) => pointOrdinate(wkb(g), 0),
  }),
  scalar({
    name: 'ST_Y', summary: 'The y of a point (NULL for POINT EMPTY; an error for other types).',
    params: [geom()], returns: DOUBLE, example: { sql: "SELECT ST_Y('POINT (1.5 2)'::GEOMETRY)", expect: 2 },
    each: (g: Uint8Array) => pointOrdinate(wkb(g), 1),
  }),
  scalar({
    name: 'ST_Buffer', summary: 'The area within distance of the geometry (round caps and joins, 8 segments per quarter circle, as GEOS).',
    params: [geom(), num('distance')], returns: GEOMETRY,
    example: { sql: "SELECT round(ST_Area(ST_Buffer('POINT (0 0)'::GEOMETRY, 1)), 4)", expect: 3.1214 },
    each: (g: Uint8Array, d: number) => toWkb(buffer(wkb(g), d)),
  }),
  scalar({
    name: 'ST_Buffer', summary: 'The buffer with num_triangles segments per quarter circle (DuckDB spatial\'s name for GEOS\'s quadrant segments).',
    params: [geom(), num('distance'), { name: 'num_triangles', type: INTEGER }], returns: GEOMETRY,
    example: { sql: "SELECT ST_NPoints(ST_Buffer('POINT (0 0)'::GEOMETRY, 1, 2))", expect: 9 },
    each: (g: Uint8Array, d: number, quadSegs: number) => toWkb(buffer(wkb(g), d, quadSegs)),
  }),
  scalar({
    name: 'ST_Centroid', summary: 'The centroid of the geometry\'s highest-dimension parts (POINT EMPTY for an empty geometry).',
    params: [geom()], returns: GEOMETRY,
    example: { sql: `SELECT ST_AsText(ST_Centroid(${SQUARE}))`, expect: 'POINT (1 1)' },
    each: (g: Uint8Array) => toWkb(centroid(wkb(g))),
  }),
  ...PREDICATES.map(([name, p, what, sql, expect]) =>
    scalar({
      name, summary: `True when ${what} (DE-9IM, as GEOS).`,
      params: [geom('geom1'), geom('geom2')], returns: BOOLEAN, example: { sql: `SELECT ${sql}`, expect },
      each: (a: Uint8Array, b: Uint8Array) => relate(p, wkb(a), wkb(b)),
    }),
  ),
  scalar({
    name: 'ST_Distance', summary: 'The planar distance between the closest points of two geometries, in their units (0 when they intersect).',
    params: [geom('geom1'), geom('geom2')], returns: DOUBLE,
    example: { sql: "SELECT ST_Distance('POINT (0 0)'::GEOMETRY, 'POINT (3 4)'::GEOMETRY)", expect: 5 },
    each: (a: Uint8Array, b: Uint8Array) => distance(wkb(a), wkb(b)),
  }),
  scalar({
    name: 'ST_DWithin', summary: 'True when two geometries are within distance of each other (planar).',
    params: [geom('geom1'), geom('geom2'), num('distance')], returns: BOOLEAN,
    example: { sql: "SELECT ST_DWithin('POINT (0 0)'::GEOMETRY, 'POINT (3 4)'::GEOMETRY, 5)", expect: true },
    each: (a: Uint8Array, b: Uint8Array, d: number) => dWithin(wkb(a), wkb(b), d),
  }),
  ...(['union', 'intersection', 'difference'] as const).map((op) =>
    scalar({
      name: `ST_${op[0].toUpperCase()}${op.slice(1)}`,
      summary: { union: 'The points of either geometry.', intersection: 'The points both geometries share.', difference: 'The points of geom1 that are not in geom2.' }[op],
      params: [geom('geom1'), geom('geom2')], returns: GEOMETRY,
      example: { sql: `SELECT ST_Area(ST_${op[0].toUpperCase()}${op.slice(1)}(${SQUARE}, 'POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))'::GEOMETRY))`, expect: { union: 7, intersection: 1, difference: 3 }[op] },
      each: (a: Uint8Array, b: Uint8Array) => toWkb(overlay(op, wkb(a), wkb(b))),
    }),
  ),
  scalar({
    name: 'ST_Union_List', summary: 'The union of a list of geometries (NULLs skipped; NULL for an empty list): the scalar under the ST_Union_Agg aggregate macro.',
    params: [{ name: 'geoms', type: LIST(GEOMETRY) }], returns: GEOMETRY,
    example: { sql: `SELECT ST_Area(ST_Union_List([${SQUARE}, 'POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))'::GEOMETRY]))`, expect: 7 },
    each: (gs: readonly (Uint8Array | null)[]) => {
      const present = gs.filter((g): g is Uint8Array => g !== null);
      return present.length === 0 ? null : toWkb(unionAll(present.map(wkb)));
    },
  }),
  macro({
    name: 'ST_Union_Agg', kind: 'aggregate', file: 'spatial',
    summary: "The union of a column's geometries, as DuckDB spatial's aggregate (with GROUP BY or over a whole table; NULLs skipped): a macro over list() and ST_Union_List, since @duckdb/node-api registers no aggregates.",
    params: [{ name: 'geom', type: 'GEOMETRY' }], returns: 'GEOMETRY',
    example: { sql: `SELECT ST_Area(ST_Union_Agg(g)) FROM (VALUES (${SQUARE}), ('POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))'::GEOMETRY), (NULL)) t(g)`, expect: 7 },
  }),
  scalar({
    name: 'ST_IsValid', summary: 'True when the geometry is valid in the OGC sense (no self-intersection, holes inside shells...).',
    params: [geom()], returns: BOOLEAN,
    example: { sql: "SELECT ST_IsValid('POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))'::GEOMETRY)", expect: false },
    each: (g: Uint8Array) => isValid(wkb(g)),
  }),
  scalar({
    name: 'ST_MakeValid', summary: 'A valid geometry covering the same area, as GEOS\'s MakeValid (linework): a bow-tie becomes a MULTIPOLYGON of its two triangles; a valid input is returned unchanged.',
    params: [geom()], returns: GEOMETRY,
    example: { sql: "SELECT ST_Area(ST_MakeValid('POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))'::GEOMETRY))", expect: 2 },
    each: (g: Uint8Array) => toWkb(makeValid(wkb(g))),
  }),
  scalar({
    name: 'ST_Simplify', summary: 'The geometry simplified with Douglas-Peucker at tolerance (GEOSSimplify; may make polygons invalid, as in DuckDB spatial).',
    params: [geom(), num('tolerance')], returns: GEOMETRY,
    example: { sql: "SELECT ST_AsText(ST_Simplify('LINESTRING (0 0, 1 0.1, 2 0)'::GEOMETRY, 0.5))", expect: 'LINESTRING (0 0, 2 0)' },
    each: (g: Uint8Array, tolerance: number) => toWkb(simplify(wkb(g), tolerance)),
  }),
  scalar({
    name: 'ST_Length', summary: 'The planar length of the linear parts (polygons and points count 0, as in DuckDB spatial; use ST_Length(ST_Boundary) style perimeters elsewhere).',
    params: [geom()], returns: DOUBLE, example: { sql: "SELECT ST_Length('LINESTRING (0 0, 3 4)'::GEOMETRY)", expect: 5 },
    each: (g: Uint8Array) => length(wkb(g)),
  }),
  scalar({
    name: 'ST_NPoints', summary: 'The number of vertices (closing vertices of rings included).',
    params: [geom()], returns: INTEGER, example: { sql: `SELECT ST_NPoints(${SQUARE})`, expect: 5 },
    each: (g: Uint8Array) => numPoints(wkb(g)),
  }),
  scalar({
    name: 'ST_CollectionExtract', summary: 'The parts of a collection (nested ones too) of its highest dimension, as one MULTI geometry; a geometry that is not a collection is returned as it is.',
    params: [geom()], returns: GEOMETRY,
    example: { sql: "SELECT ST_AsText(ST_CollectionExtract('GEOMETRYCOLLECTION (POINT (0 0), LINESTRING (1 1, 2 2))'::GEOMETRY))", expect: 'MULTILINESTRING ((1 1, 2 2))' },
    each: (g: Uint8Array) => toWkb(collectionExtract(wkb(g))),
  }),
  scalar({
    name: 'ST_CollectionExtract', summary: 'The parts of type 1 (POINT), 2 (LINESTRING) or 3 (POLYGON) of a collection as one MULTI geometry (EMPTY when none); a geometry that is not a collection is returned as it is.',
    params: [geom(), { name: 'type', type: INTEGER }], returns: GEOMETRY,
    example: { sql: "SELECT ST_AsText(ST_CollectionExtract('GEOMETRYCOLLECTION (POINT (0 0), POLYGON ((0 0, 1 0, 1 1, 0 0)))'::GEOMETRY, 3))", expect: 'MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))' },
    each: (g: Uint8Array, type: number) => toWkb(collectionExtract(wkb(g), type)),
  }),
  scalar({
    name: 'ST_Dump', summary: 'Every atomic part as LIST(STRUCT(geom GEOMETRY, path INTEGER[])), path 1-based ([] for an atomic input), as DuckDB spatial; unnest() it for rows.',
    params: [geom()], returns: DUMP,
    example: { sql: "SELECT CAST(len(ST_Dump('MULTIPOINT (0 0, 1 1)'::GEOMETRY)) AS INTEGER)", expect: 2 },
    each: (g: Uint8Array) => dump(wkb(g)).map((d) => ({ geom: toWkb(d.geom), path: d.path })),
  }),
];
