/**
 * The geometry model shared by every parser, writer and predicate in src/geo: a tagged
 * union shaped like GeoJSON (so a reader who knows GeoJSON knows it), 2D only.
 *
 * Z and M ordinates are read without error by the parsers and dropped: rasterduck works
 * on raster grids, which are planar.
 */

/** A 2D coordinate in map units (x = easting or longitude, y = northing or latitude). */
export type Position = readonly [x: number, y: number];

/** A closed ring of positions (first equals last when valid; not enforced). */
export type Ring = readonly Position[];

/**
 * A point. An empty point has both ordinates NaN: this is how WKB encodes `POINT EMPTY`
 * (GEOS, PostGIS and DuckDB agree), so the model and the bytes match.
 */
export interface Point {
  readonly type: 'Point';
  readonly coordinates: Position;
}

/** A line string; empty when it has no positions. */
export interface LineString {
  readonly type: 'LineString';
  readonly coordinates: readonly Position[];
}

/** A polygon: the first ring is the shell, the others are holes; empty with no rings. */
export interface Polygon {
  readonly type: 'Polygon';
  readonly coordinates: readonly Ring[];
}

/** Several points; a member may be an empty point (NaN, NaN), as WKT `MULTIPOINT (EMPTY, 1 2)`. */
export interface MultiPoint {
  readonly type: 'MultiPoint';
  readonly coordinates: readonly Position[];
}

/** Several line strings; a member may be empty. */
export interface MultiLineString {
  readonly type: 'MultiLineString';
  readonly coordinates: readonly (readonly Position[])[];
}

/** Several polygons, each as rings (shell first); a member may be empty. */
export interface MultiPolygon {
  readonly type: 'MultiPolygon';
  readonly coordinates: readonly (readonly Ring[])[];
}

/** Any geometries, nested collections included. */
export interface GeometryCollection {
  readonly type: 'GeometryCollection';
  readonly geometries: readonly Geometry[];
}

/** Any geometry, told apart by `type`. */
export type Geometry =
  | Point
  | LineString
  | Polygon
  | MultiPoint
  | MultiLineString
  | MultiPolygon
  | GeometryCollection;

/** The name of a geometry variant. */
export type GeometryType = Geometry['type'];

/** The position of an empty point. */
export const EMPTY_POSITION: Position = [NaN, NaN];

/**
 * The ISO WKB type code of each variant (OGC Simple Features 1.2.1, table 7); WKT uses
 * the same names in upper case.
 */
export const WKB_TYPE_CODES: Readonly<Record<GeometryType, number>> = {
  Point: 1,
  LineString: 2,
  Polygon: 3,
  MultiPoint: 4,
  MultiLineString: 5,
  MultiPolygon: 6,
  GeometryCollection: 7,
};

/** True for the position of an empty point. */
export function isEmptyPosition(p: Position): boolean {
  return Number.isNaN(p[0]) && Number.isNaN(p[1]);
}

/** True when a geometry holds no position at all (an empty collection of empties too). */
export function isEmpty(g: Geometry): boolean {
  switch (g.type) {
    case 'Point':
      return isEmptyPosition(g.coordinates);
    case 'LineString':
      return g.coordinates.length === 0;
    case 'MultiPoint':
      return g.coordinates.every(isEmptyPosition);
    case 'Polygon':
    case 'MultiLineString':
      return g.coordinates.every((part) => part.length === 0);
    case 'MultiPolygon':
      return g.coordinates.every((poly) => poly.every((ring) => ring.length === 0));
    case 'GeometryCollection':
      return g.geometries.every(isEmpty);
  }
}

/**
 * Returns a copy of a geometry with every position passed through `fn`; empty points
 * stay empty without calling it. Used by reprojection and axis swaps.
 */
export function mapPositions(g: Geometry, fn: (p: Position) => Position): Geometry {
  const one = (p: Position): Position => (isEmptyPosition(p) ? EMPTY_POSITION : fn(p));
  const many = (ps: readonly Position[]): Position[] => ps.map(one);
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: one(g.coordinates) };
    case 'LineString':
      return { type: 'LineString', coordinates: many(g.coordinates) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: many(g.coordinates) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map(many) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map(many) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(many)) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((c) => mapPositions(c, fn)) };
  }
}

/** Every position of a geometry, in order, parts and rings flattened. */
export function* positionsOf(g: Geometry): Generator<Position> {
  switch (g.type) {
    case 'Point':
      yield g.coordinates;
      return;
    case 'LineString':
    case 'MultiPoint':
      yield* g.coordinates;
      return;
    case 'Polygon':
    case 'MultiLineString':
      for (const part of g.coordinates) yield* part;
      return;
    case 'MultiPolygon':
      for (const poly of g.coordinates) for (const ring of poly) yield* ring;
      return;
    case 'GeometryCollection':
      for (const child of g.geometries) yield* positionsOf(child);
  }
}
