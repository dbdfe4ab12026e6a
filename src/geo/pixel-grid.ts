/**
 * A raster's grid as Sedona's RS_ functions see it: rasterio's affine (a..f), pixel-is-area,
 * grid coordinates 1-based (column x, row y). Pure maths, no I/O.
 */
import type { Geometry, Position } from './geometry.js';

/** rasterio's affine as six numbers [a, b, c, d, e, f]: x = a*col + b*row + c, y = d*col + e*row + f. */
export type AffineSix = readonly [number, number, number, number, number, number];

/** The world position of a grid corner (0-based, fractional columns and rows allowed). */
export function worldAt(t: AffineSix, col: number, row: number): Position {
  const [a, b, c, d, e, f] = t;
  return [a * col + b * row + c, d * col + e * row + f];
}

/** The 1-based (column, row) of the pixel whose area holds a world position (may lie off the grid). */
export function gridAt(t: AffineSix, [x, y]: Position): Position {
  const [a, b, c, d, e, f] = t;
  const det = a * e - b * d;
  const col = (e * (x - c) - b * (y - f)) / det;
  const row = (a * (y - f) - d * (x - c)) / det;
  return [Math.floor(col) + 1, Math.floor(row) + 1];
}

const ring = (ps: Position[]): Geometry => ({ type: 'Polygon', coordinates: [[...ps, ps[0]]] });

/** The outline of pixel (colX, rowY), 1-based: upper-left, upper-right, lower-right, lower-left, as Sedona. */
export function pixelPolygon(t: AffineSix, colX: number, rowY: number): Geometry {
  const c = colX - 1;
  const r = rowY - 1;
  return ring([worldAt(t, c, r), worldAt(t, c + 1, r), worldAt(t, c + 1, r + 1), worldAt(t, c, r + 1)]);
}

/** The four corners of the whole grid as a polygon (RS_ConvexHull: follows a rotation). */
export function gridHull(t: AffineSix, width: number, height: number): Geometry {
  return ring([worldAt(t, 0, 0), worldAt(t, width, 0), worldAt(t, width, height), worldAt(t, 0, height)]);
}

/** The axis-aligned box around the grid (RS_Envelope). */
export function gridEnvelope(t: AffineSix, width: number, height: number): Geometry {
  const corners = [worldAt(t, 0, 0), worldAt(t, width, 0), worldAt(t, width, height), worldAt(t, 0, height)];
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return ring([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]);
}

