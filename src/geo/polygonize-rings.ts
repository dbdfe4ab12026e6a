/**
 * Polygonize step 3: a region's traced rings become an OGC polygon. Rings that pinch (a
 * walk through a saddle twice) are split into simple loops, so every output ring is simple
 * and rings touch at single points only, as OGC allows. Loops walked clockwise in pixel
 * space (region on the left on screen) are shells, the others holes. Output is canonical,
 * so blocked and whole-raster runs agree to the bit: each ring starts at its top-left
 * vertex, shells are counter-clockwise and holes clockwise in map coordinates (OGC,
 * GeoJSON), holes and parts ordered by that vertex.
 */
import { InternalError } from '../errors.js';
import { applyAffine, type Affine } from './affine.js';
import type { MultiPolygon, Polygon, Position } from './geometry.js';
import { RIGHT_DC, RIGHT_DR } from './polygonize-rule.js';
import { dropCollinear, simplifyRing, smallestVertex } from './simplify.js';

/** How rings become map geometry. */
export interface RingOptions {
  readonly transform: Affine;
  /** Raster width: vertex keys are `row * (width + 1) + col`. */
  readonly width: number;
  /** Douglas-Peucker tolerance in pixels (see simplify.ts); 0 or absent keeps exact edges. */
  readonly simplifyPx?: number;
}

interface Loop {
  pts: number[];
  readonly area2: number;
}

/**
 * Builds the polygon of one region from its rings (flat `[col, row, anchor, ...]`).
 * @throws InternalError when the rings hold no shell or a hole lies in no shell (a bug).
 */
export function ringsToGeometry(rings: readonly number[][], opts: RingOptions): Polygon | MultiPolygon {
  const shells: Loop[] = [];
  const holes: Loop[] = [];
  for (const ring of rings) {
    for (const pts of splitPinches(ring, opts.width + 1)) {
      const loop = { pts, area2: signedArea2(pts) };
      (loop.area2 < 0 ? shells : holes).push(loop);
    }
  }
  if (shells.length === 0) throw new InternalError({ reason: 'polygonize: a region has no outer ring' });
  const parts = assignHoles(shells, holes);
  const polygons = parts.map((part) =>
    part.map((loop) => toMap(finishLoop(loop, opts), opts.transform)),
  );
  if (polygons.length === 1) return { type: 'Polygon', coordinates: polygons[0] };
  return { type: 'MultiPolygon', coordinates: polygons };
}

// A walk through one vertex twice is two loops touching there: cut at every repeat. Only
// anchors can repeat (four boundary edges meet only where a saddle or three classes do)
function splitPinches(ring: number[], stride: number): number[][] {
  let anchors = 0;
  for (let i = 2; i < ring.length; i += 3) anchors += ring[i];
  if (anchors < 2) return [ring];
  const loops: number[][] = [];
  const stack: number[] = [];
  const at = new Map<number, number>();
  for (let i = 0; i < ring.length; i += 3) {
    if (ring[i + 2] === 1) {
      const key = ring[i + 1] * stride + ring[i];
      const seen = at.get(key);
      if (seen !== undefined) {
        const loop = stack.splice(seen);
        for (let k = 0; k < loop.length; k += 3) if (loop[k + 2] === 1) at.delete(loop[k + 1] * stride + loop[k]);
        loops.push(loop);
      }
      at.set(key, stack.length);
    }
    stack.push(ring[i], ring[i + 1], ring[i + 2]);
  }
  loops.push(stack);
  return loops;
}

function signedArea2(pts: readonly number[], stride = 3): number {
  const n = pts.length / stride;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    sum += pts[stride * i] * pts[stride * j + 1] - pts[stride * j] * pts[stride * i + 1];
  }
  return sum;
}

// With one shell every hole is its own. With several (8-connectivity: parts that meet at
// corners, or a part inside another's hole), a hole goes to the smallest shell around it.
function assignHoles(shells: Loop[], holes: Loop[]): Loop[][] {
  shells.sort((a, b) => compareStart(a.pts, b.pts));
  const parts = shells.map((s) => [s]);
  for (const hole of holes) {
    let best = shells.length === 1 ? 0 : -1;
    if (best < 0) {
      const p = insidePoint(hole.pts);
      for (let s = 0; s < shells.length; s++) {
        if (insideRing(p, shells[s].pts) && (best < 0 || shells[s].area2 > shells[best].area2)) best = s;
      }
    }
    if (best < 0) throw new InternalError({ reason: 'polygonize: a hole lies in none of its region\'s outer rings' });
    parts[best].push(hole);
  }
  for (const part of parts) {
    const rest = part.slice(1).sort((a, b) => compareStart(a.pts, b.pts));
    part.splice(1, rest.length, ...rest);
  }
  return parts;
}

function compareStart(a: readonly number[], b: readonly number[]): number {
  const i = smallestVertex(a);
  const j = smallestVertex(b);
  return a[3 * i + 1] - b[3 * j + 1] || a[3 * i] - b[3 * j];
}

// Centre of the pixel right of a hole's first edge: inside the hole, never on a ring
function insidePoint(pts: readonly number[]): [number, number] {
  const dc = Math.sign(pts[3] - pts[0]);
  const dr = Math.sign(pts[4] - pts[1]);
  const d = dr > 0 ? 0 : dc > 0 ? 1 : dr < 0 ? 2 : 3;
  if ((dc === 0) === (dr === 0)) throw new InternalError({ reason: 'polygonize: a hole edge is not along a pixel side' });
  return [pts[0] + RIGHT_DC[d] + 0.5, pts[1] + RIGHT_DR[d] + 0.5];
}

// Even-odd crossing test; the point sits at a pixel centre, off every pixel-corner ring
function insideRing([x, y]: [number, number], pts: readonly number[]): boolean {
  let inside = false;
  const n = pts.length / 3;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const yi = pts[3 * i + 1];
    const yj = pts[3 * j + 1];
    if (yi > y !== yj > y && x < pts[3 * j] + ((y - yj) * (pts[3 * i] - pts[3 * j])) / (yi - yj)) inside = !inside;
  }
  return inside;
}

// Simplify (a loop that would turn over stays exact: its neighbour's twin does too, as
// both see the same vertices), drop straight vertices, start at the top-left vertex;
// returns flat [col, row] pairs
function finishLoop(loop: Loop, opts: RingOptions): number[] {
  let pts = dropCollinear(loop.pts, true);
  if (opts.simplifyPx && opts.simplifyPx > 0) {
    const simple = dropCollinear(simplifyRing(pts, opts.simplifyPx), false);
    const collapsed = simple.length < 9 || Math.sign(signedArea2(simple)) !== Math.sign(loop.area2);
    if (!collapsed) pts = simple;
  }
  pts = dropCollinear(pts, false);
  const start = smallestVertex(pts);
  const n = pts.length / 3;
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = (start + k) % n;
    out.push(pts[3 * i], pts[3 * i + 1]);
  }
  return out;
}

// Pixel-space clockwise shells map to counter-clockwise ones when the transform flips y
// (north-up, e < 0); otherwise walk every ring backwards, keeping its first vertex
function toMap(pixelPts: readonly number[], t: Affine): Position[] {
  const n = pixelPts.length / 2;
  const flip = t.a * t.e - t.b * t.d > 0;
  const ring: Position[] = [];
  for (let k = 0; k <= n; k++) {
    const i = flip ? (n - (k % n)) % n : k % n;
    const [x, y] = applyAffine(t, pixelPts[2 * i], pixelPts[2 * i + 1]);
    // row 0 times a negative e is -0, which would print and compare as -0
    ring.push([x + 0, y + 0]);
  }
  return ring;
}
