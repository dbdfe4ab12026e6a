/**
 * Bounding boxes of geometries, and the envelope as a geometry (ST_Envelope).
 */
import { EMPTY_POSITION, isEmptyPosition, positionsOf, type Geometry, type Position } from './geometry.js';

/** An axis-aligned box in the geometry's own units; min ≤ max on both axes. */
export interface Bounds {
  readonly xmin: number;
  readonly ymin: number;
  readonly xmax: number;
  readonly ymax: number;
}


/**
 * The smallest box holding every position of a geometry, or undefined when it is empty.
 * Empty points inside multi geometries and collections are skipped.
 */
export function bounds(g: Geometry): Bounds | undefined {
  let xmin = Infinity;
  let ymin = Infinity;
  let xmax = -Infinity;
  let ymax = -Infinity;
  for (const p of positionsOf(g)) {
    if (isEmptyPosition(p)) continue;
    if (p[0] < xmin) xmin = p[0];
    if (p[0] > xmax) xmax = p[0];
    if (p[1] < ymin) ymin = p[1];
    if (p[1] > ymax) ymax = p[1];
  }
  return xmin <= xmax && ymin <= ymax ? { xmin, ymin, xmax, ymax } : undefined;
}

/**
 * The box as a polygon ring in GEOS's order (min-min, max-min, max-max, min-max, back),
 * which is the order DuckDB spatial's ST_Envelope and ST_MakeEnvelope print.
 */
export function boundsToPolygon(b: Bounds): Geometry {
  const { xmin, ymin, xmax, ymax } = b;
  return {
    type: 'Polygon',
    coordinates: [[[xmin, ymin], [xmax, ymin], [xmax, ymax], [xmin, ymax], [xmin, ymin]]],
  };
}

/**
 * ST_Envelope: the bounding box of a geometry as a geometry, following GEOS (which DuckDB
 * spatial calls): `POINT EMPTY` for an empty input, a point when the box has no extent,
 * otherwise a polygon (degenerate when the box is flat on one axis).
 */
export function envelope(g: Geometry): Geometry {
  const b = bounds(g);
  if (!b) return { type: 'Point', coordinates: EMPTY_POSITION };
  if (b.xmin === b.xmax && b.ymin === b.ymax) return { type: 'Point', coordinates: [b.xmin, b.ymin] };
  return boundsToPolygon(b);
}

/** True when two boxes share at least one point (touching edges count). */
export function boundsIntersect(a: Bounds, b: Bounds): boolean {
  return a.xmin <= b.xmax && b.xmin <= a.xmax && a.ymin <= b.ymax && b.ymin <= a.ymax;
}
