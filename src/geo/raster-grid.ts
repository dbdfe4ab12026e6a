/**
 * A raster's grid (affine, size, CRS) and the exact test of whether a geometry overlaps
 * it, made in the raster's own CRS: the test read_chips and sample_points use to pair
 * geometries with scenes, so a row exists wherever read_chip finds the raster.
 */
import { InputError } from '../errors.js';
import { applyAffine, type Affine } from './affine.js';
import { transformGeometry } from './crs.js';
import type { Geometry, Polygon, Position } from './geometry.js';
import { intersects } from './predicates.js';

/** Where a raster lies: its affine (rasterio's a..f), its size in pixels and its CRS ('EPSG:n', WKT, or null). */
export interface RasterGrid {
  readonly affine: Affine;
  readonly width: number;
  readonly height: number;
  readonly crs: string | null;
}

/**
 * The raster's area in its own CRS: the polygon of its four outer pixel corners (any
 * affine, rotated ones included), in pixel order (top-left, top-right, bottom-right,
 * bottom-left).
 */
export function gridOutline(grid: RasterGrid): Polygon {
  const { affine, width, height } = grid;
  const corner = (col: number, row: number): Position => applyAffine(affine, col, row);
  const ring = [corner(0, 0), corner(width, 0), corner(width, height), corner(0, height), corner(0, 0)];
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * True when a geometry shares a point with the raster's area, tested in the raster's CRS:
 * the geometry is reprojected from `from` vertex by vertex (x = easting/longitude), as
 * read_chip reprojects it, so the answer agrees with read_chip finding the raster. With
 * `from` null the geometry is already in the raster's CRS.
 * @throws InputError when `from` is given but the raster has no CRS, and as transformGeometry.
 */
export function intersectsGrid(g: Geometry, from: string | null, grid: RasterGrid): boolean {
  if (from && !grid.crs) {
    throw new InputError({ reason: `the geometry is in ${from} but the raster has no CRS rasterduck can name`, hint: "Pass the geometry in the raster's own coordinates, without a CRS" });
  }
  const local = from && grid.crs ? transformGeometry(g, from, grid.crs, { alwaysXy: true }) : g;
  return intersects(local, gridOutline(grid));
}
