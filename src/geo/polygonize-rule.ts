/**
 * The local rule that traces pixel-edge boundaries, shared by the per-block tracer and
 * the stitcher that joins blocks. Everything here is in pixel space: a vertex is a pixel
 * corner (col, row), rows grow downward, and a boundary edge is one pixel side, walked
 * with its region's pixel on the left as seen on screen (so a lone pixel is walked
 * TL -> BL -> BR -> TR). Which edge follows another depends only on the 2x2 pixels around
 * the vertex between them, so blocks can be traced apart and joined exactly.
 */

/** Column step of each direction: 0 down, 1 right, 2 up, 3 left. */
export const DC: readonly number[] = [0, 1, 0, -1];
/** Row step of each direction. */
export const DR: readonly number[] = [1, 0, -1, 0];

// From a vertex, the pixel left of an edge leaving it in direction d (the region's pixel)
/** Column offset from an edge's start vertex to the pixel on its left. */
export const LEFT_DC: readonly number[] = [0, 0, -1, -1];
/** Row offset from an edge's start vertex to the pixel on its left. */
export const LEFT_DR: readonly number[] = [0, -1, -1, 0];
/** Column offset from an edge's start vertex to the pixel on its right. */
export const RIGHT_DC: readonly number[] = [-1, 0, 0, -1];
/** Row offset from an edge's start vertex to the pixel on its right. */
export const RIGHT_DR: readonly number[] = [0, 0, -1, -1];

/** Pixel connectivity: 4 (sides only, gdal_polygonize's default) or 8 (corners too). */
export type Connectivity = 4 | 8;

/**
 * The direction after a vertex reached going `d`, given whether the pixels ahead-left and
 * ahead-right belong to the region. At a saddle (ahead-left out, ahead-right in) the two
 * region pixels touch only at the corner: 4-connectivity keeps them apart (turn left,
 * hugging our pixel), 8-connectivity joins them (turn right), as GDAL's 8CONNECTED does.
 */
export function nextDirection(d: number, aheadLeftIn: boolean, aheadRightIn: boolean, connectivity: Connectivity): number {
  if (aheadLeftIn) return aheadRightIn ? (d + 3) & 3 : d;
  if (aheadRightIn && connectivity === 8) return (d + 3) & 3;
  return (d + 1) & 3;
}

/** True when two pixel classes are equal; NaN (no region: nodata, masked, outside) equals NaN. */
export function sameClass(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/**
 * True when the vertex with these four pixel classes around it must survive simplification:
 * three or more classes meet there, or two meet diagonally (a saddle, where rings pinch).
 * A boundary between two regions runs from one such vertex to the next, so simplifying
 * each run alone keeps neighbours sharing the same simplified edge.
 */
export function isJunction(nw: number, ne: number, sw: number, se: number): boolean {
  const a = sameClass(nw, ne);
  const b = sameClass(sw, se);
  const c = sameClass(nw, sw);
  const d = sameClass(ne, se);
  if (!a && !b && !c && !d) return true; // a saddle, or three or four classes
  // with one equal side pair, the other two pixels add a class unless they match it
  if (a && !b) return !sameClass(sw, nw) && !sameClass(se, nw);
  if (b && !a) return !sameClass(nw, sw) && !sameClass(ne, sw);
  if (c && !d) return !sameClass(ne, nw) && !sameClass(se, nw);
  if (d && !c) return !sameClass(nw, ne) && !sameClass(sw, ne);
  return false;
}

/** The raster size and block size that place the frames between blocks. */
export interface BlockGrid {
  /** Raster width in pixels. */
  readonly width: number;
  /** Raster height in pixels. */
  readonly height: number;
  /** Block width in pixels; blocks start at multiples of it. */
  readonly blockWidth: number;
  /** Block height in pixels. */
  readonly blockHeight: number;
}

/**
 * True for a vertex on a line between two blocks (raster border excluded): the edges that
 * meet there come from different blocks, so the stitcher decides how they connect.
 */
export function isFrameVertex(grid: BlockGrid, col: number, row: number): boolean {
  return (col > 0 && col < grid.width && col % grid.blockWidth === 0) || (row > 0 && row < grid.height && row % grid.blockHeight === 0);
}

/** A unique number for a vertex of the raster's (width+1) x (height+1) corner grid. */
export function vertexKey(grid: BlockGrid, col: number, row: number): number {
  return row * (grid.width + 1) + col;
}
