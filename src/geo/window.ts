/**
 * rasterio's pixel windows: the window a geometry covers, exactly as
 * `rasterio.mask.mask(crop=True)` computes it (rasterio 1.3.5 features.geometry_window
 * with pad 0), and a window's transform (`dataset.window_transform`). The arithmetic
 * follows rasterio and the affine package (2.4) operation by operation, because floor and
 * ceil of a coordinate that lands on a pixel edge turn one rounding difference into a
 * different window.
 */
import { applyAffine, type Affine } from './affine.js';
import { isEmptyPosition, positionsOf, type Geometry, type Position } from './geometry.js';

/** A pixel window (rasterio's `Window`): offsets and size in whole pixels. */
export interface Window {
  readonly colOff: number;
  readonly rowOff: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The inverse transform as affine 2.4's `~t` computes it: `idet = 1 / det`, then each
 * coefficient times idet (not divided by det: the roundings differ).
 * Returns undefined for a degenerate transform (determinant 0).
 */
export function invertAffineRasterio(t: Affine): Affine | undefined {
  const det = t.a * t.e - t.b * t.d;
  if (det === 0) return undefined;
  const idet = 1.0 / det;
  const ra = t.e * idet;
  const rb = -t.b * idet;
  const rd = -t.d * idet;
  const re = t.a * idet;
  // affine/__init__.py __invert__: (ra, rb, -sc * ra - sf * rb, rd, re, -sc * rd - sf * re)
  return { a: ra, b: rb, c: -t.c * ra - t.f * rb, d: rd, e: re, f: -t.c * rd - t.f * re };
}

/** `t * (x, y)` in affine's order: `(x * a + y * b + c, x * d + y * e + f)`. */


/** Pixel-space bounds [colMin, rowMin, colMax, rowMax] of every position, or undefined when empty. */
function pixelBounds(g: Geometry, inverse: Affine): [number, number, number, number] | undefined {
  let colMin = Infinity;
  let rowMin = Infinity;
  let colMax = -Infinity;
  let rowMax = -Infinity;
  // rasterio's _bounds maps every vertex to pixels first, then takes min and max
  for (const p of positionsOf(g)) {
    if (isEmptyPosition(p)) continue;
    const [col, row] = applyAffine(inverse, p[0], p[1]);
    colMin = Math.min(colMin, col);
    colMax = Math.max(colMax, col);
    rowMin = Math.min(rowMin, row);
    rowMax = Math.max(rowMax, row);
  }
  return colMin <= colMax && rowMin <= rowMax ? [colMin, rowMin, colMax, rowMax] : undefined;
}

/**
 * The window of a `width` x `height` raster with transform `t` that holds the geometry,
 * as rasterio 1.3.5's `geometry_window(dataset, [geom])`: the floor of the smallest and
 * the ceiling of the largest pixel coordinate of any vertex, intersected with the raster.
 * Returns null where rasterio raises WindowError ("do not overlap"): an empty geometry, a
 * degenerate transform, or an intersection with no width or no height (a geometry lying
 * exactly along a pixel edge included).
 */
export function geometryWindow(g: Geometry, t: Affine, width: number, height: number): Window | null {
  const inverse = invertAffineRasterio(t);
  const b = inverse && pixelBounds(g, inverse);
  if (!b) return null;
  const [colStart, rowStart] = [Math.floor(b[0]), Math.floor(b[1])];
  const [colStop, rowStop] = [Math.ceil(b[2]), Math.ceil(b[3])];
  if (![colStart, rowStart, colStop, rowStop].every(Number.isFinite)) return null;
  const window: Window = {
    colOff: colStart,
    rowOff: rowStart,
    width: Math.max(colStop - colStart, 0),
    height: Math.max(rowStop - rowStart, 0),
  };
  return intersectWindows(window, { colOff: 0, rowOff: 0, width, height });
}

/**
 * rasterio's `windows.intersection(a, b)`; null where it raises WindowError, i.e. unless
 * both the width and the height of the intersection are positive.
 */
export function intersectWindows(a: Window, b: Window): Window | null {
  const colOff = Math.max(a.colOff, b.colOff);
  const rowOff = Math.max(a.rowOff, b.rowOff);
  const width = Math.min(a.colOff + a.width, b.colOff + b.width) - colOff;
  const height = Math.min(a.rowOff + a.height, b.rowOff + b.height) - rowOff;
  return width > 0 && height > 0 ? { colOff, rowOff, width, height } : null;
}

/**
 * The transform of a window, as rasterio's `windows.transform(window, t)`:
 * `Affine.translation(x - t.c, y - t.f) * t` where `(x, y) = t * (colOff, rowOff)`.
 * Written out product by product, since `c + (x - c)` need not equal `x` in floating point.
 */
export function windowTransform(t: Affine, w: Window): Affine {
  const [x, y] = applyAffine(t, w.colOff, w.rowOff);
  const tx = x - t.c;
  const ty = y - t.f;
  // affine __mul__ with (sa, sb, sc, sd, se, sf) = (1, 0, tx, 0, 1, ty)
  return {
    a: 1.0 * t.a + 0.0 * t.d,
    b: 1.0 * t.b + 0.0 * t.e,
    c: 1.0 * t.c + 0.0 * t.f + tx,
    d: 0.0 * t.a + 1.0 * t.d,
    e: 0.0 * t.b + 1.0 * t.e,
    f: 0.0 * t.c + 1.0 * t.f + ty,
  };
}
