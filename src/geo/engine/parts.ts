/**
 * ST_ functions that only walk a geometry's parts, so they need no topology engine:
 * ST_X/ST_Y, ST_NPoints, ST_Length, ST_CollectionExtract and ST_Dump, with DuckDB
 * spatial's semantics.
 */
import { InputError } from '../../errors.js';
import { isEmptyPosition, positionsOf, type Geometry, type Position } from '../geometry.js';

/** The x (0) or y (1) of a point; null for POINT EMPTY; an error for other types, as DuckDB spatial. */
export function pointOrdinate(g: Geometry, axis: 0 | 1): number | null {
  if (g.type !== 'Point') throw new InputError({ reason: `a ${g.type} is not a POINT`, hint: 'Pass a point, e.g. ST_Centroid(geom)' });
  return isEmptyPosition(g.coordinates) ? null : g.coordinates[axis];
}

/** The number of vertices (polygon closing vertices included; empty points count 0). */
export function numPoints(g: Geometry): number {
  let n = 0;
  for (const p of positionsOf(g)) if (!isEmptyPosition(p)) n++;
  return n;
}

const pathLength = (ps: readonly Position[]) => ps.slice(1).reduce((sum, p, i) => sum + Math.hypot(p[0] - ps[i][0], p[1] - ps[i][1]), 0);

/** The length of the linear parts; polygons and points add 0, as in DuckDB spatial and PostGIS. */
export function length(g: Geometry): number {
  switch (g.type) {
    case 'LineString':
      return pathLength(g.coordinates);
    case 'MultiLineString':
      return g.coordinates.reduce((s, l) => s + pathLength(l), 0);
    case 'GeometryCollection':
      return g.geometries.reduce((s, c) => s + length(c), 0);
    default:
      return 0;
  }
}

const DIMENSION = { Point: 1, MultiPoint: 1, LineString: 2, MultiLineString: 2, Polygon: 3, MultiPolygon: 3 } as const;

function atoms(g: Geometry): Geometry[] {
  switch (g.type) {
    case 'MultiPoint':
      return g.coordinates.map((coordinates) => ({ type: 'Point', coordinates }));
    case 'MultiLineString':
      return g.coordinates.map((coordinates) => ({ type: 'LineString', coordinates }));
    case 'MultiPolygon':
      return g.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
    case 'GeometryCollection':
      return g.geometries.flatMap(atoms);
    default:
      return [g];
  }
}

/**
 * The parts of type 1 (points), 2 (lines) or 3 (polygons) of a collection, nested ones
 * included, as one multi geometry (EMPTY when none); without a type, the highest
 * dimension present. A geometry that is not a collection (or multi) is returned as it is.
 */
export function collectionExtract(g: Geometry, type?: number): Geometry {
  if (type !== undefined && type !== 1 && type !== 2 && type !== 3) {
    throw new InputError({ reason: `the type ${type} is not 1 (POINT), 2 (LINESTRING) or 3 (POLYGON)` });
  }
  if (g.type !== 'GeometryCollection' && !g.type.startsWith('Multi')) return g;
  const all = atoms(g);
  const want = type ?? Math.max(1, ...all.map((a) => DIMENSION[a.type as keyof typeof DIMENSION] ?? 0));
  const of = <T extends Geometry['type']>(t: T) => all.filter((a): a is Extract<Geometry, { type: T }> => a.type === t);
  if (want === 1) return { type: 'MultiPoint', coordinates: of('Point').map((a) => a.coordinates) };
  if (want === 2) return { type: 'MultiLineString', coordinates: of('LineString').map((a) => a.coordinates) };
  return { type: 'MultiPolygon', coordinates: of('Polygon').map((a) => a.coordinates) };
}

/** One atomic part and its 1-based path in the input (empty for an atomic input), as ST_Dump's structs. */
export interface DumpedPart {
  readonly geom: Geometry;
  readonly path: number[];
}

/** Every atomic part with its path (PostGIS and DuckDB spatial: [i] in a multi, [i, j] nested). */
export function dump(g: Geometry, path: number[] = []): DumpedPart[] {
  if (g.type === 'GeometryCollection') return g.geometries.flatMap((c, i) => dump(c, [...path, i + 1]));
  if (g.type.startsWith('Multi')) return atoms(g).map((geom, i) => ({ geom, path: [...path, i + 1] }));
  return [{ geom: g, path }];
}
