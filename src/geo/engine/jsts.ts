/**
 * JSTS (the JavaScript port of JTS, from which GEOS itself is ported) as rasterduck's
 * geometry engine, loaded on first use. Only the surface rasterduck calls is typed here,
 * so the rest of the code stays strictly typed without JSTS's generated declarations.
 *
 * The minified bundle (500 KB, ~90 ms to load) is one file: the per-class ES modules are
 * hundreds of files and cost ~1 s to import. The bundle is UMD; in a `"type": "module"`
 * package Node loads it as ES, so it publishes itself as `globalThis.jsts`, which is taken
 * and removed. It is CommonJS-free and synchronous, so DuckDB's synchronous callbacks can
 * require it when the first ST_ function that needs it runs.
 */
import { createRequire } from 'node:module';

/** A JSTS coordinate. */
export interface JCoordinate {
  readonly x: number;
  readonly y: number;
}

/** The part of JTS's Geometry that rasterduck calls. */
export interface JGeometry {
  getGeometryType(): string;
  isEmpty(): boolean;
  getNumGeometries(): number;
  getGeometryN(i: number): JGeometry;
  getCoordinates(): JCoordinate[];
  getCoordinate(): JCoordinate | null;
  getNumPoints(): number;
  getLength(): number;
  getArea(): number;
  getCentroid(): JGeometry;
  getInteriorPoint(): JGeometry;
  getBoundary(): JGeometry;
  buffer(distance: number, quadrantSegments: number, endCapStyle?: number): JGeometry;
  contains(other: JGeometry): boolean;
  within(other: JGeometry): boolean;
  covers(other: JGeometry): boolean;
  coveredBy(other: JGeometry): boolean;
  touches(other: JGeometry): boolean;
  disjoint(other: JGeometry): boolean;
  intersects(other: JGeometry): boolean;
  distance(other: JGeometry): number;
  isWithinDistance(other: JGeometry, distance: number): boolean;
  union(other: JGeometry): JGeometry;
  intersection(other: JGeometry): JGeometry;
  difference(other: JGeometry): JGeometry;
  isValid(): boolean;
  getFactory(): JFactory;
  /** Polygons only. */
  getExteriorRing(): JGeometry;
  getNumInteriorRing(): number;
  getInteriorRingN(i: number): JGeometry;
}

/** JTS's GeometryFactory. */
export interface JFactory {
  createPoint(c?: JCoordinate | null): JGeometry;
  createLineString(cs?: JCoordinate[]): JGeometry;
  createLinearRing(cs?: JCoordinate[]): JGeometry;
  createPolygon(shell?: JGeometry | null, holes?: JGeometry[]): JGeometry;
  createMultiPoint(points?: JGeometry[]): JGeometry;
  createMultiLineString(lines?: JGeometry[]): JGeometry;
  createMultiPolygon(polys?: JGeometry[]): JGeometry;
  createGeometryCollection(geoms?: JGeometry[]): JGeometry;
}

interface JList<T> {
  toArray(): T[];
}

/** The JSTS namespaces rasterduck uses. */
export interface Jsts {
  readonly version: string;
  readonly geom: {
    readonly GeometryFactory: new () => JFactory;
    readonly Coordinate: new (x: number, y: number) => JCoordinate;
  };
  readonly operation: {
    readonly union: { readonly UnaryUnionOp: { union(g: JGeometry): JGeometry } };
    readonly polygonize: { readonly Polygonizer: new () => { add(g: JGeometry): void; getPolygons(): JList<JGeometry> } };
    readonly valid: { readonly IsValidOp: new (g: JGeometry) => { isValid(): boolean } };
  };
  readonly simplify: { readonly DouglasPeuckerSimplifier: { simplify(g: JGeometry, tolerance: number): JGeometry } };
  readonly algorithm: { readonly PointLocation: { isInRing(p: JCoordinate, ring: JCoordinate[]): boolean } };
}

let loaded: { readonly jsts: Jsts; readonly factory: JFactory } | undefined;

/** JSTS and one shared factory (floating precision), loaded on the first call. */
export function engine(): { readonly jsts: Jsts; readonly factory: JFactory } {
  if (loaded) return loaded;
  const holder = globalThis as { jsts?: Jsts };
  const before = holder.jsts;
  const exported = createRequire(import.meta.url)('jsts/dist/jsts.min.js') as Partial<Jsts>;
  const jsts = (exported.geom ? exported : holder.jsts) as Jsts;
  if (before === undefined) delete holder.jsts;
  loaded = { jsts, factory: new jsts.geom.GeometryFactory() };
  return loaded;
}
