/**
 * Burning a geometry into a pixel mask exactly as GDAL 3.6's GDALRasterizeGeometries does
 * for rasterio's `geometry_mask` (burn 1, MERGE_ALG=REPLACE): the geometry goes to pixel
 * space through the inverse geotransform (GDALInvGeoTransform, GDALGenImgProjTransform),
 * then polygons are scanline-filled (pixel centre inside, even-odd over all rings), lines
 * use Bresenham, points their pixel; with all_touched, every ring and line is also drawn
 * with GDAL's all-touched line walk. The scanline and line code is in rasterize-scan.ts.
 */
import { InputError } from '../errors.js';
import type { Affine } from './affine.js';
import { isEmptyPosition, type Geometry, type Position, type Ring } from './geometry.js';
import { fillPolygon, imageLine, imagePoints, type Parts } from './rasterize-scan.js';
import { imageLineAllTouched } from './rasterize-touched.js';

/** What {@link rasterizeGeometry} burns into. */
export interface RasterizeTarget {
  /** Pixel-to-map transform of the mask (e.g. a window transform). */
  readonly transform: Affine;
  readonly width: number;
  readonly height: number;
  /** GDAL's ALL_TOUCHED: burn every pixel a line or polygon edge touches. */
  readonly allTouched: boolean;
}

/** A geotransform inverse in GDAL's order [c, a, b, f, d, e]. */
type GeoTransform = readonly [number, number, number, number, number, number];

/** GDALInvGeoTransform (gcore/gdal_misc.cpp), including its no-rotation shortcut. */
function invertGeoTransform(t: Affine): GeoTransform {
  const gt = [t.c, t.a, t.b, t.f, t.d, t.e];
  if (gt[2] === 0 && gt[4] === 0 && gt[1] !== 0 && gt[5] !== 0) {
    return [-gt[0] / gt[1], 1.0 / gt[1], 0.0, -gt[3] / gt[5], 0.0, 1.0 / gt[5]];
  }
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  const magnitude = Math.max(Math.abs(gt[1]), Math.abs(gt[2]), Math.abs(gt[4]), Math.abs(gt[5]));
  if (!(Math.abs(det) > 1e-10 * magnitude * magnitude)) {
    throw new InputError({ reason: `the transform [${[t.a, t.b, t.c, t.d, t.e, t.f].join(', ')}] cannot be inverted` });
  }
  const inv = 1.0 / det;
  return [(gt[2] * gt[3] - gt[0] * gt[5]) * inv, gt[5] * inv, -gt[2] * inv, (-gt[1] * gt[3] + gt[0] * gt[4]) * inv, -gt[4] * inv, gt[1] * inv];
}

/** OGRLinearRing::isClockwise (ogr/ogrlinearring.cpp): the lowest-rightmost vertex test, Green's formula as fallback. */
export function isClockwiseOgr(ring: Ring): boolean {
  const n = ring.length;
  if (n < 2) return true;
  let fallback = false;
  let v = 0;
  for (let i = 1; i < n - 1; i++) {
    if (ring[i][1] < ring[v][1] || (ring[i][1] === ring[v][1] && ring[i][0] > ring[v][0])) {
      v = i;
      fallback = false;
    } else if (ring[i][1] === ring[v][1] && ring[i][0] === ring[v][0]) {
      fallback = true; // two identical lowest-rightmost vertices cannot pivot (GDAL #5342)
    }
  }
  const near = (p: Position, q: Position): boolean => Math.abs(p[0] - q[0]) < 1e-5 && Math.abs(p[1] - q[1]) < 1e-5;
  const prev = ring[v - 1 < 0 ? n - 2 : v - 1];
  const next = ring[v + 1 >= n - 1 ? 0 : v + 1];
  if (near(prev, ring[v]) || near(next, ring[v])) fallback = true;
  const cross = (next[0] - ring[v][0]) * (prev[1] - ring[v][1]) - (prev[0] - ring[v][0]) * (next[1] - ring[v][1]);
  if (!fallback && cross !== 0) return cross < 0;
  let sum = ring[0][0] * (ring[1][1] - ring[n - 1][1]);
  for (let i = 1; i < n - 1; i++) sum += ring[i][0] * (ring[i + 1][1] - ring[i - 1][1]);
  sum += ring[n - 1][0] * (ring[0][1] - ring[n - 2][1]);
  return sum < 0;
}

/** Collects vertices in GDALCollectRingsFromGeometry's order, mapped to pixel space. */
class PartCollector {
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly sizes: number[] = [];
  constructor(private readonly inv: GeoTransform) {}

  add(points: readonly Position[], reverse: boolean): void {
    const n = points.length;
    for (let k = 0; k < n; k++) {
      const p = points[reverse ? n - 1 - k : k];
      // GDALGenImgProjTransform with the inverse geotransform, in its evaluation order
      this.x.push(this.inv[0] + p[0] * this.inv[1] + p[1] * this.inv[2]);
      this.y.push(this.inv[3] + p[0] * this.inv[4] + p[1] * this.inv[5]);
    }
    this.sizes.push(n);
  }

  parts(): Parts {
    return { x: this.x, y: this.y, sizes: this.sizes };
  }
}

/** A polygon's rings as GDAL collects them: a clockwise ring as stored, any other reversed. */
function collectPolygon(rings: readonly Ring[], into: PartCollector): void {
  for (const ring of rings) if (ring.length > 0) into.add(ring, !isClockwiseOgr(ring));
}

function burnPolygon(rings: readonly Ring[], inv: GeoTransform, out: Uint8Array, target: RasterizeTarget): void {
  const c = new PartCollector(inv);
  collectPolygon(rings, c);
  if (c.sizes.length === 0) return;
  const parts = c.parts();
  fillPolygon(parts, target.width, target.height, out);
  if (target.allTouched) imageLineAllTouched(parts, target.width, target.height, out, true);
}

function burnLine(line: readonly Position[], inv: GeoTransform, out: Uint8Array, target: RasterizeTarget): void {
  if (line.length === 0) return;
  const c = new PartCollector(inv);
  c.add(line, true); // GDALCollectRingsFromGeometry walks a line string from its end
  if (target.allTouched) imageLineAllTouched(c.parts(), target.width, target.height, out, false);
  else imageLine(c.parts(), target.width, target.height, out);
}

function burnPoints(points: readonly Position[], inv: GeoTransform, out: Uint8Array, target: RasterizeTarget): void {
  const c = new PartCollector(inv);
  for (const p of points) if (!isEmptyPosition(p)) c.add([p], false);
  imagePoints(c.parts(), target.width, target.height, out);
}

/**
 * One shape into `out`. In REPLACE mode GDAL burns the members of a multi line, multi
 * polygon or collection one by one (gv_rasterize_one_shape), and rasterio splits multi
 * polygons itself; either way a pixel is burnt when any member burns it.
 */
function burnShape(g: Geometry, inv: GeoTransform, out: Uint8Array, target: RasterizeTarget): void {
  switch (g.type) {
    case 'Point':
      return burnPoints([g.coordinates], inv, out, target);
    case 'MultiPoint':
      return burnPoints(g.coordinates, inv, out, target);
    case 'LineString':
      return burnLine(g.coordinates, inv, out, target);
    case 'MultiLineString':
      for (const line of g.coordinates) burnLine(line, inv, out, target);
      return;
    case 'Polygon':
      return burnPolygon(g.coordinates, inv, out, target);
    case 'MultiPolygon':
      for (const poly of g.coordinates) burnPolygon(poly, inv, out, target);
      return;
    case 'GeometryCollection':
      for (const child of g.geometries) burnShape(child, inv, out, target);
  }
}

/**
 * Rasterizes a geometry (in the map units of `target.transform`) into a `height` x
 * `width` mask, row-major, 1 where GDAL 3.6 burns (what rasterio's
 * `geometry_mask(..., invert=True)` returns), 0 elsewhere.
 * @throws InputError when the transform cannot be inverted.
 */
export function rasterizeGeometry(g: Geometry, target: RasterizeTarget): Uint8Array {
  // GDAL burns in chunks of rows, shifting y by each chunk's offset; a chip-sized mask fits
  // one chunk of GDAL's default cache, so the offset is 0 and there is nothing to shift
  const out = new Uint8Array(target.width * target.height);
  burnShape(g, invertGeoTransform(target.transform), out, target);
  return out;
}
