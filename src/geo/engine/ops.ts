/**
 * The geometry operations of DuckDB spatial's ST_ functions that need a topology engine
 * (buffer, overlay, relate predicates, distance, validity, simplification), on JSTS.
 * DuckDB spatial runs the same algorithms through GEOS, the C++ port of JTS.
 */
import type { Geometry } from '../geometry.js';
import { fromJsts, toJsts } from './convert.js';
import { engine, type JGeometry } from './jsts.js';
import { makeValidJsts } from './make-valid.js';

/** The relate predicates DuckDB spatial names ST_<Name>. */
export type Predicate = 'contains' | 'within' | 'covers' | 'coveredBy' | 'touches' | 'disjoint' | 'intersects';

const over = (g: Geometry, f: (j: JGeometry) => JGeometry): Geometry => fromJsts(f(toJsts(g)));

/** DE-9IM predicate `p` of a and b, as GEOS evaluates it. */
export function relate(p: Predicate, a: Geometry, b: Geometry): boolean {
  return toJsts(a)[p](toJsts(b));
}

/** The buffer at `distance` with `quadSegs` segments per quarter circle (GEOS's default 8), round caps and joins. */
export function buffer(g: Geometry, distance: number, quadSegs = 8): Geometry {
  return over(g, (j) => j.buffer(distance, quadSegs));
}

/** The centroid of the highest-dimension parts (POINT EMPTY for an empty geometry). */
export function centroid(g: Geometry): Geometry {
  return over(g, (j) => j.getCentroid());
}

/** The planar distance between the closest points (0 when they intersect). */
export function distance(a: Geometry, b: Geometry): number {
  return toJsts(a).distance(toJsts(b));
}

/** True when the geometries are within `d` of each other. */
export function dWithin(a: Geometry, b: Geometry, d: number): boolean {
  return toJsts(a).isWithinDistance(toJsts(b), d);
}

/** A overlay operation of two geometries. */
export function overlay(op: 'union' | 'intersection' | 'difference', a: Geometry, b: Geometry): Geometry {
  return fromJsts(toJsts(a)[op](toJsts(b)));
}

/** The union of every geometry of a list (NULLs skipped by the caller), as GEOS's unary union. */
export function unionAll(gs: readonly Geometry[]): Geometry {
  const { factory, jsts } = engine();
  return fromJsts(jsts.operation.union.UnaryUnionOp.union(factory.createGeometryCollection(gs.map(toJsts))));
}

/** True when the geometry is valid in the OGC sense (GEOS's IsValidOp). */
export function isValid(g: Geometry): boolean {
  return toJsts(g).isValid();
}

/** The geometry made valid, keeping every part of its area (a valid input is returned as it is). */
export function makeValid(g: Geometry): Geometry {
  return over(g, makeValidJsts);
}

/** Douglas-Peucker simplification with `tolerance`, as GEOSSimplify (ST_Simplify). */
export function simplify(g: Geometry, tolerance: number): Geometry {
  return over(g, (j) => engine().jsts.simplify.DouglasPeuckerSimplifier.simplify(j, tolerance));
}
