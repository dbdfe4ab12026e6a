/**
 * Planar measures and the intersects predicate, with OGC semantics: boundaries count, so
 * geometries that only touch intersect. Orientation is exact (orient.ts), so points on an
 * edge are found on it whatever their rounding.
 */
import { bounds, boundsIntersect, type Bounds } from './bounds.js';
import { isEmptyPosition, type Geometry, type Position, type Ring } from './geometry.js';
import { orient } from './orient.js';

// A geometry broken into the three shapes the pairwise tests below handle
type Part =
  | { readonly kind: 'point'; readonly p: Position; readonly box: Bounds }
  | { readonly kind: 'line'; readonly ps: readonly Position[]; readonly box: Bounds }
  | { readonly kind: 'polygon'; readonly rings: readonly Ring[]; readonly box: Bounds };

function boxOf(ps: readonly Position[]): Bounds | undefined {
  return bounds({ type: 'LineString', coordinates: ps });
}

function partsOf(g: Geometry, out: Part[] = []): Part[] {
  const point = (p: Position) => {
    if (!isEmptyPosition(p)) out.push({ kind: 'point', p, box: { xmin: p[0], ymin: p[1], xmax: p[0], ymax: p[1] } });
  };
  const line = (ps: readonly Position[]) => {
    const box = boxOf(ps);
    if (box) out.push({ kind: 'line', ps, box });
  };
  const polygon = (rings: readonly Ring[]) => {
    const kept = rings.filter((r) => r.length > 0);
    // a polygon without a shell is empty, whatever its holes hold
    const box = rings.length > 0 && rings[0].length > 0 ? boxOf(rings[0]) : undefined;
    if (box) out.push({ kind: 'polygon', rings: kept, box });
  };
  switch (g.type) {
    case 'Point': point(g.coordinates); break;
    case 'MultiPoint': g.coordinates.forEach(point); break;
    case 'LineString': line(g.coordinates); break;
    case 'MultiLineString': g.coordinates.forEach(line); break;
    case 'Polygon': polygon(g.coordinates); break;
    case 'MultiPolygon': g.coordinates.forEach(polygon); break;
    case 'GeometryCollection': g.geometries.forEach((c) => partsOf(c, out));
  }
  return out;
}

/**
 * ST_Intersects: true when two geometries share at least one point, boundaries included.
 * Empty geometries intersect nothing. Cost is O(n·m) in the vertex counts of each pair
 * of parts whose boxes overlap.
 */
export function intersects(a: Geometry, b: Geometry): boolean {
  const partsB = partsOf(b);
  for (const pa of partsOf(a)) {
    for (const pb of partsB) {
      if (boundsIntersect(pa.box, pb.box) && partsIntersect(pa, pb)) return true;
    }
  }
  return false;
}

function partsIntersect(a: Part, b: Part): boolean {
  if (a.kind === 'point') {
    if (b.kind === 'point') return a.p[0] === b.p[0] && a.p[1] === b.p[1];
    if (b.kind === 'line') return pointOnPath(a.p, b.ps, false);
    return locateInPolygon(a.p, b.rings) >= 0;
  }
  if (b.kind === 'point') return partsIntersect(b, a);
  if (a.kind === 'line' && b.kind === 'line') return pathsCross(a.ps, false, b.ps, false);
  if (a.kind === 'polygon' && b.kind === 'polygon') {
    if (a.rings.some((ra) => b.rings.some((rb) => pathsCross(ra, true, rb, true)))) return true;
    // no boundary contact: they intersect only if one lies inside the other
    return locateInPolygon(a.rings[0][0], b.rings) > 0 || locateInPolygon(b.rings[0][0], a.rings) > 0;
  }
  if (a.kind === 'line' && b.kind === 'polygon') return lineIntersectsPolygon(a.ps, b.rings);
  if (a.kind === 'polygon' && b.kind === 'line') return lineIntersectsPolygon(b.ps, a.rings);
  return false;
}

function lineIntersectsPolygon(line: readonly Position[], rings: readonly Ring[]): boolean {
  if (rings.some((ring) => pathsCross(line, false, ring, true))) return true;
  // no boundary contact: the whole line is on one side, so one vertex tells which
  return locateInPolygon(line[0], rings) > 0;
}

// Segment i of a path; a one-point path is a zero-length segment, rings close themselves
function segmentCount(ps: readonly Position[], closed: boolean): number {
  if (ps.length === 1) return 1;
  const open = closed && (ps[0][0] !== ps[ps.length - 1][0] || ps[0][1] !== ps[ps.length - 1][1]);
  return ps.length - 1 + (open ? 1 : 0);
}

function segmentEnd(ps: readonly Position[], i: number): Position {
  return ps[(i + 1) % ps.length];
}

function pathsCross(a: readonly Position[], aClosed: boolean, b: readonly Position[], bClosed: boolean): boolean {
  const na = segmentCount(a, aClosed);
  const nb = segmentCount(b, bClosed);
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      if (segmentsIntersect(a[i], segmentEnd(a, i), b[j], segmentEnd(b, j))) return true;
    }
  }
  return false;
}

// c is on segment a-b, given that it is on the line through them
function withinBox(a: Position, b: Position, c: Position): boolean {
  return Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
}

/** True when closed segments p1-p2 and q1-q2 share a point (collinear overlap and touching included). */
export function segmentsIntersect(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const d1 = orient(q1, q2, p1);
  const d2 = orient(q1, q2, p2);
  const d3 = orient(p1, p2, q1);
  const d4 = orient(p1, p2, q2);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && withinBox(q1, q2, p1)) ||
    (d2 === 0 && withinBox(q1, q2, p2)) ||
    (d3 === 0 && withinBox(p1, p2, q1)) ||
    (d4 === 0 && withinBox(p1, p2, q2))
  );
}

function pointOnPath(p: Position, ps: readonly Position[], closed: boolean): boolean {
  const n = segmentCount(ps, closed);
  for (let i = 0; i < n; i++) {
    const a = ps[i];
    const b = segmentEnd(ps, i);
    if (orient(a, b, p) === 0 && withinBox(a, b, p)) return true;
  }
  return false;
}

// 1 inside, 0 on the ring, -1 outside: crossing number of a ray towards +x, with a
// half-open rule on y so a vertex on the ray is counted once
function locateInRing(p: Position, ring: Ring): -1 | 0 | 1 {
  if (pointOnPath(p, ring, true)) return 0;
  let inside = false;
  const n = segmentCount(ring, true);
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = segmentEnd(ring, i);
    if (a[1] > p[1] !== b[1] > p[1]) {
      const side = orient(a, b, p);
      if (b[1] > a[1] ? side > 0 : side < 0) inside = !inside;
    }
  }
  return inside ? 1 : -1;
}

/** Where a point lies against polygon rings (shell first): 1 inside, 0 on a boundary, -1 outside or in a hole. */
export function locateInPolygon(p: Position, rings: readonly Ring[]): -1 | 0 | 1 {
  const shell = locateInRing(p, rings[0]);
  if (shell <= 0) return shell;
  for (let i = 1; i < rings.length; i++) {
    const hole = locateInRing(p, rings[i]);
    if (hole === 0) return 0;
    if (hole > 0) return -1;
  }
  return 1;
}

/** Twice the signed area of a ring by the shoelace formula: positive when counter-clockwise. */
function signedArea2(ring: Ring): number {
  if (ring.length === 0) return 0;
  // offsetting by the first vertex keeps precision far from the origin (UTM northings)
  const [x0, y0] = ring[0];
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    sum += (ring[i][0] - x0) * (ring[i + 1][1] - y0) - (ring[i + 1][0] - x0) * (ring[i][1] - y0);
  }
  return sum;
}

function polygonArea(rings: readonly Ring[]): number {
  if (rings.length === 0) return 0;
  let area = Math.abs(signedArea2(rings[0]));
  for (let i = 1; i < rings.length; i++) area -= Math.abs(signedArea2(rings[i]));
  return area / 2;
}

/**
 * ST_Area: planar area in squared CRS units, as DuckDB spatial computes it: each shell's
 * absolute area minus its holes', summed over polygons; 0 for points and lines.
 * Rings are assumed closed (first position equals last), as WKT and WKB require.
 */
export function area(g: Geometry): number {
  switch (g.type) {
    case 'Polygon':
      return polygonArea(g.coordinates);
    case 'MultiPolygon':
      return g.coordinates.reduce((sum, p) => sum + polygonArea(p), 0);
    case 'GeometryCollection':
      return g.geometries.reduce((sum, c) => sum + area(c), 0);
    default:
      return 0;
  }
}

function pathLength(ps: readonly Position[]): number {
  let sum = 0;
  for (let i = 1; i < ps.length; i++) sum += Math.hypot(ps[i][0] - ps[i - 1][0], ps[i][1] - ps[i - 1][1]);
  return sum;
}

/**
 * ST_Length: planar length of the lines in CRS units, as DuckDB spatial computes it;
 * 0 for points and polygons (their perimeter is not a length there).
 */
export function length(g: Geometry): number {
  switch (g.type) {
    case 'LineString':
      return pathLength(g.coordinates);
    case 'MultiLineString':
      return g.coordinates.reduce((sum, l) => sum + pathLength(l), 0);
    case 'GeometryCollection':
      return g.geometries.reduce((sum, c) => sum + length(c), 0);
    default:
      return 0;
  }
}
