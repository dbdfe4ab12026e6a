/**
 * A closed lon/lat ring, traced around a raster's outline, turned into polygons that stay
 * inside longitudes [-180, 180] and cover the same ground under planar lon/lat tests
 * (which is how ST_Intersects and STAC APIs compare lon/lat geometries):
 *
 * - the ring's longitudes are unwrapped (each within 180° of the one before), so a ring
 *   across the antimeridian runs past ±180 instead of jumping across the map;
 * - a ring that winds once around the globe encircles a pole: it is closed along that
 *   pole's latitude (±90), so the cap around the pole is covered;
 * - the result is cut into 360°-wide strips and each strip moved back into [-180, 180]:
 *   a scene across the antimeridian becomes a MULTIPOLYGON of its two sides.
 */
import type { Geometry, Position, Ring } from './geometry.js';

/** `lon` moved by whole turns to within 180° of `near`. */
export function unwrapNear(lon: number, near: number): number {
  return lon - 360 * Math.round((lon - near) / 360);
}

/** The whole band of latitudes a ring spans, all longitudes: the answer when a ring's winding makes no sense. */
function band(ring: readonly Position[]): Geometry {
  const lats = ring.map((p) => p[1]);
  const [s, n] = [Math.max(-90, Math.min(...lats)), Math.min(90, Math.max(...lats))];
  return { type: 'Polygon', coordinates: [[[-180, s], [180, s], [180, n], [-180, n], [-180, s]]] };
}

/** Sutherland-Hodgman against one vertical line: keeps the side where `inside(x)`. */
function clipX(ring: readonly Position[], x0: number, keepAbove: boolean): Position[] {
  const out: Position[] = [];
  const inside = (p: Position) => (keepAbove ? p[0] >= x0 : p[0] <= x0);
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    if (inside(a)) out.push(a);
    if (inside(a) !== inside(b)) {
      const t = (x0 - a[0]) / (b[0] - a[0]);
      out.push([x0, a[1] + t * (b[1] - a[1])]);
    }
  }
  return out;
}

/** The parts of an unwrapped open ring in each 360° strip, moved into [-180, 180]. */
function splitAtAntimeridian(ring: readonly Position[]): Ring[] {
  const lons = ring.map((p) => p[0]);
  const [lo, hi] = [Math.min(...lons), Math.max(...lons)];
  const parts: Ring[] = [];
  for (let turn = Math.floor((lo + 180) / 360); turn * 360 - 180 < hi; turn++) {
    const shift = turn * 360;
    const clipped = clipX(clipX(ring, shift - 180, true), shift + 180, false);
    if (clipped.length < 3) continue;
    const moved = clipped.map(([x, y]): Position => [x - shift, Math.max(-90, Math.min(90, y))]);
    parts.push([...moved, moved[0]]);
  }
  return parts;
}

/**
 * Polygons covering what a closed lon/lat ring encloses, within [-180, 180].
 * @param ring the ring's positions in order, longitudes unwrapped, not repeated at the end.
 * @param pole the latitude (90 or -90) of the pole the ring's outline contains, if any; it is
 *   used when the ring winds once around the globe, and a ring that does so without one is
 *   closed over the pole on the side of its mean latitude.
 */
export function coverOfRing(ring: readonly Position[], pole: 90 | -90 | null): Geometry {
  const first = ring[0];
  const last = ring[ring.length - 1];
  const turns = Math.round((unwrapNear(first[0], last[0]) - first[0]) / 360);
  let closed: readonly Position[] = ring;
  if (turns !== 0) {
    if (Math.abs(turns) !== 1) return band(ring);
    const meanLat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    const lat = pole ?? (meanLat >= 0 ? 90 : -90);
    // the outline comes back to its first point one turn away; from there, along the pole's latitude home
    const end = unwrapNear(first[0], last[0]);
    closed = [...ring, [end, first[1]], [end, lat], [first[0], lat]];
  } else {
    const lons = ring.map((p) => p[0]);
    // a raster wider than the world (a global lon/lat grid plus its margin) covers every longitude
    if (Math.max(...lons) - Math.min(...lons) >= 360) return band(ring);
  }
  const parts = splitAtAntimeridian(closed);
  if (parts.length === 1) return { type: 'Polygon', coordinates: [parts[0]] };
  return { type: 'MultiPolygon', coordinates: parts.map((r) => [r]) };
}
