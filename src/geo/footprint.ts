/**
 * A raster's footprint in lon/lat that covers every pixel: the lon/lat polygon whose
 * planar inside holds the raster's whole area, however its CRS bends straight grid edges.
 *
 * Four reprojected corners are not enough: a grid edge is a curve in lon/lat, and the
 * chord between two corners cuts inside it (~900 m on a 200 km UTM scene at 65°N). So the
 * outline is traced on the raster grown by MARGIN_PX pixels, with each edge split until
 * the lon/lat chord of every piece, mapped back onto the grid, strays less than
 * TOLERANCE_PX from that grown edge: every chord then lies outside the true raster edge by
 * at least MARGIN_PX - TOLERANCE_PX pixels. Poles and the antimeridian are handled by
 * lonlat-cover.ts: a scene holding a pole gets the cap up to ±90, one across the
 * antimeridian becomes a MULTIPOLYGON of its two sides.
 */
import { applyAffine, type Affine } from './affine.js';
import { resolveCrs, transformPoints, type Crs } from './crs.js';
import type { Geometry, Position } from './geometry.js';
import { coverOfRing, unwrapNear } from './lonlat-cover.js';
import type { RasterGrid } from './raster-grid.js';
import { invertAffineRasterio } from './window.js';

/** How far (pixels) the footprint reaches beyond the raster's edge. */
export const MARGIN_PX = 1;
/** The largest stray (pixels) of a footprint chord from the grown edge it stands for. */
export const TOLERANCE_PX = 0.1;
// a curve is judged at each piece's midpoint; start fine enough that no bend hides between them
const FIRST_PIECES = 16;
const MAX_DEPTH = 14;

const LONLAT = resolveCrs('EPSG:4326');

/** Pixel (col, row) <-> lon/lat through a grid's affine and CRS. */
interface Mapping {
  toLonLat(col: number, row: number): Position;
  /** The pixel of a lon/lat position, or undefined where the CRS has none. */
  toPixel(p: Position): Position | undefined;
}

function mappingOf(affine: Affine, crs: Crs): Mapping {
  const inverse = invertAffineRasterio(affine);
  const one = new Float64Array(2);
  return {
    toLonLat(col, row) {
      [one[0], one[1]] = applyAffine(affine, col, row);
      transformPoints(one, crs, LONLAT, { alwaysXy: true });
      return [one[0], one[1]];
    },
    toPixel([lon, lat]) {
      if (!inverse) return undefined;
      one[0] = lon;
      one[1] = lat;
      try {
        transformPoints(one, LONLAT, crs, { alwaysXy: true });
      } catch {
        return undefined;
      }
      const px = applyAffine(inverse, one[0], one[1]);
      return Number.isFinite(px[0]) && Number.isFinite(px[1]) ? px : undefined;
    },
  };
}

interface Vertex {
  readonly px: Position;
  readonly ll: Position;
}

/** Distance (pixels) of `p` from the line through `a` and `b`. */
function offLine(p: Position, a: Position, b: Position): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  return Math.abs((p[0] - a[0]) * dy - (p[1] - a[1]) * dx) / Math.hypot(dx, dy);
}

/** Appends the vertices after `a` up to and including `b`, splitting where the lon/lat chord strays. */
function trace(a: Vertex, b: Vertex, edge: readonly [Position, Position], map: Mapping, depth: number, out: Vertex[]): void {
  const bLon = unwrapNear(b.ll[0], a.ll[0]);
  const chordMid = map.toPixel([(a.ll[0] + bLon) / 2, (a.ll[1] + b.ll[1]) / 2]);
  const stray = chordMid ? offLine(chordMid, edge[0], edge[1]) : Infinity;
  if (stray > TOLERANCE_PX && depth < MAX_DEPTH) {
    const px: Position = [(a.px[0] + b.px[0]) / 2, (a.px[1] + b.px[1]) / 2];
    const mid = { px, ll: map.toLonLat(px[0], px[1]) };
    trace(a, mid, edge, map, depth + 1, out);
    trace(mid, b, edge, map, depth + 1, out);
  } else {
    out.push(b);
  }
}

/** The outline of the grown raster in lon/lat, longitudes unwrapped, first vertex not repeated. */
function outline(grid: RasterGrid, map: Mapping): Position[] {
  const m = MARGIN_PX;
  const corners: Position[] = [[-m, -m], [grid.width + m, -m], [grid.width + m, grid.height + m], [-m, grid.height + m]];
  const vertices: Vertex[] = [];
  corners.forEach((from, i) => {
    const to = corners[(i + 1) % 4];
    const at = (t: number): Vertex => {
      const px: Position = [from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1])];
      return { px, ll: map.toLonLat(px[0], px[1]) };
    };
    let a = i === 0 ? at(0) : vertices[vertices.length - 1];
    if (i === 0) vertices.push(a);
    for (let k = 1; k <= FIRST_PIECES; k++) {
      const b = at(k / FIRST_PIECES);
      trace(a, b, [from, to], map, 0, vertices);
      a = b;
    }
  });
  vertices.pop(); // the last edge ends where the first began
  const ring: Position[] = [];
  for (const v of vertices) ring.push([ring.length ? unwrapNear(v.ll[0], ring[ring.length - 1][0]) : v.ll[0], v.ll[1]]);
  return ring;
}

/** The pole (±90) whose position on the grid lies inside the grown raster, if either does. */
function poleInside(grid: RasterGrid, map: Mapping): 90 | -90 | null {
  for (const lat of [90, -90] as const) {
    const px = map.toPixel([0, lat]);
    const m = MARGIN_PX;
    if (px && px[0] > -m && px[0] < grid.width + m && px[1] > -m && px[1] < grid.height + m) return lat;
  }
  return null;
}

const CACHE_LIMIT = 1024;
const cache = new Map<string, Geometry>();

/**
 * The lon/lat footprint (x = longitude) that covers every pixel of a raster, reaching
 * about MARGIN_PX pixels beyond its edges: a POLYGON, or a MULTIPOLYGON for a raster across
 * the antimeridian; one holding a pole runs up to ±90. Null when the raster has no CRS.
 * Scenes of one grid (many dates of a tile) share the result through a small cache.
 * @throws InputError when the CRS cannot be resolved or a corner has no lon/lat.
 */
export function gridFootprint(grid: RasterGrid): Geometry | null {
  if (!grid.crs) return null;
  const { a, b, c, d, e, f } = grid.affine;
  const key = [a, b, c, d, e, f, grid.width, grid.height, grid.crs].join('|');
  const hit = cache.get(key);
  if (hit) return hit;
  const map = mappingOf(grid.affine, resolveCrs(grid.crs));
  const cover = coverOfRing(outline(grid, map), poleInside(grid, map));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, cover);
  return cover;
}
