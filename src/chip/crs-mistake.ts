/**
 * The commonest silent miss of read_chip: a lon/lat geometry passed without geom_crs to a
 * raster in a projected CRS. Read as metres, (-105.3, 40.1) lies a few metres from the
 * projection's origin, far from any UTM scene, so the chip would be NULL as if the
 * geometry simply missed the raster. This tells that case apart from an honest miss.
 *
 * The rule: the row gave no CRS (no geom_crs, no EWKB SRID), the raster's CRS is known and
 * projected, the geometry does not overlap the raster, its bounds lie within
 * [-180, 180] x [-90, 90], and the raster's bounds do not. A geometry in the raster's own
 * CRS that misses it stays NULL: projected coordinates of a raster whose bounds leave the
 * degree range are themselves outside it wherever they are near the raster, and a raster
 * whose bounds fit in the degree range (EPSG:3857 near the origin, a pixel grid) is never
 * second-guessed.
 */
import { InputError } from '../errors.js';
import { bounds, type Bounds } from '../geo/bounds.js';
import { resolveCrs } from '../geo/crs.js';
import type { Geometry } from '../geo/geometry.js';
import type { ChipRaster } from './chip-raster.js';

const inDegrees = (b: Bounds): boolean => b.xmin >= -180 && b.xmax <= 180 && b.ymin >= -90 && b.ymax <= 90;

function isProjected(crs: string): boolean {
  try {
    return !resolveCrs(crs).geographic;
  } catch {
    return false; // a CRS rasterduck cannot resolve: no claim about it
  }
}

/** The raster's extent in its CRS, from its north-up affine and size. */
export function rasterBounds(raster: ChipRaster): Bounds {
  const { a, c, e, f } = raster.affine;
  const xs = [c, c + a * raster.image.width];
  const ys = [f, f + e * raster.image.height];
  return { xmin: Math.min(...xs), xmax: Math.max(...xs), ymin: Math.min(...ys), ymax: Math.max(...ys) };
}

const show = (b: Bounds): string => [b.xmin, b.ymin, b.xmax, b.ymax].map((v) => String(Number(v.toPrecision(10)))).join(', ');

/**
 * Throws when a geometry that missed the raster looks like lon/lat on a projected raster
 * (see the module comment for the rule); returns otherwise, so the chip is NULL.
 * @param crsGiven whether the row named the geometry's CRS (geom_crs or an SRID).
 * @throws InputError naming both extents and the geom_crs argument to pass.
 */
export function checkLonLatMiss(g: Geometry, raster: ChipRaster, crsGiven: boolean): void {
  if (crsGiven || !raster.crs || !isProjected(raster.crs)) return;
  const gb = bounds(g);
  const rb = rasterBounds(raster);
  if (!gb || !inDegrees(gb) || inDegrees(rb)) return;
  const crs = raster.crs.startsWith('EPSG:') ? raster.crs : 'its own projected CRS';
  throw new InputError({
    url: raster.url,
    reason: `the geometry's bounds (${show(gb)}) look like lon/lat degrees while the raster is in ${crs} with bounds (${show(rb)}), so they miss it`,
    hint: "Pass the geometry's CRS as the 3rd argument: read_chip(src, geom, 'EPSG:4326'), or give the geometry in the raster's CRS",
  });
}
