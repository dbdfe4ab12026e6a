/**
 * Douglas-Peucker simplification of polygonize rings that keeps neighbours sharing edges.
 *
 * A ring is cut at its anchors (vertices where three classes meet, or a saddle): between
 * two anchors it borders one neighbour only, and that neighbour's ring holds the same run
 * of vertices in reverse. Each run is simplified on its own, always walked from its
 * smaller end, so both rings get the same simplified run: no gaps or overlaps open
 * between adjacent polygons. Not guaranteed: a simplified run may still cross another
 * run (a narrow neck can close up); keep the tolerance below about one pixel for
 * topologically safe output. Vertices are only ever dropped, never moved.
 */

/** A ring in pixel corners: flat `[col, row, anchor, ...]`, implicitly closed, no repeated vertex. */
export type AnchoredRing = readonly number[];

/**
 * Returns the ring with vertices dropped where the outline stays within `tolerancePx`
 * pixels of the original; anchors are always kept. Collinear non-anchor vertices must be
 * gone first (see dropCollinear), so both neighbours see the same vertices.
 */
export function simplifyRing(pts: AnchoredRing, tolerancePx: number): number[] {
  const n = pts.length / 3;
  if (n < 3 || !(tolerancePx > 0)) return pts.slice();
  const anchors = anchorIndices(pts);
  const keep = new Uint8Array(n);
  for (const a of anchors) keep[a] = 1;
  for (let k = 0; k < anchors.length; k++) {
    const from = anchors[k];
    const to = anchors[(k + 1) % anchors.length];
    const run: number[] = [];
    for (let i = from; ; i = (i + 1) % n) {
      run.push(i);
      if (i === to && run.length > 1) break;
    }
    simplifyRun(pts, run, tolerancePx * tolerancePx, keep);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]);
  return out;
}

// The anchors, or, for a ring with fewer than two, its smallest vertex and the vertex
// farthest from it: both rings of a boundary pick the same pair.
function anchorIndices(pts: AnchoredRing): number[] {
  const n = pts.length / 3;
  const anchors: number[] = [];
  for (let i = 0; i < n; i++) if (pts[3 * i + 2] === 1) anchors.push(i);
  if (anchors.length >= 2) return anchors;
  const first = anchors.length === 1 ? anchors[0] : smallestVertex(pts);
  let far = -1;
  let farDist = -1;
  for (let i = 0; i < n; i++) {
    const d = (pts[3 * i] - pts[3 * first]) ** 2 + (pts[3 * i + 1] - pts[3 * first + 1]) ** 2;
    if (d > farDist || (d === farDist && compareVertex(pts, i, far) < 0)) {
      far = i;
      farDist = d;
    }
  }
  return first < far ? [first, far] : [far, first];
}

/** Index of the vertex with the smallest row, then smallest column. */
export function smallestVertex(pts: readonly number[], stride = 3): number {
  let best = 0;
  for (let i = 1; i < pts.length / stride; i++) if (compareVertex(pts, i, best, stride) < 0) best = i;
  return best;
}

function compareVertex(pts: readonly number[], i: number, j: number, stride = 3): number {
  return pts[stride * i + 1] - pts[stride * j + 1] || pts[stride * i] - pts[stride * j];
}

// Iterative Douglas-Peucker over run (indices into pts), walked from its smaller end
function simplifyRun(pts: AnchoredRing, run: number[], tol2: number, keep: Uint8Array): void {
  if (compareVertex(pts, run[0], run[run.length - 1]) > 0) run.reverse();
  // the run's farthest vertex always stays, so no ring collapses to a line and both
  // neighbours keep the same one
  const stack: [number, number, number][] = [[0, run.length - 1, -1]];
  while (stack.length > 0) {
    const [lo, hi, floor] = stack.pop()!;
    let worst = -1;
    let worstD = floor;
    for (let k = lo + 1; k < hi; k++) {
      const d = segmentDistance2(pts, run[k], run[lo], run[hi]);
      if (d > worstD) {
        worst = k;
        worstD = d;
      }
    }
    if (worst < 0) continue;
    keep[run[worst]] = 1;
    stack.push([lo, worst, tol2], [worst, hi, tol2]);
  }
}

function segmentDistance2(pts: AnchoredRing, p: number, a: number, b: number): number {
  const px = pts[3 * p], py = pts[3 * p + 1];
  const ax = pts[3 * a], ay = pts[3 * a + 1];
  const dx = pts[3 * b] - ax, dy = pts[3 * b + 1] - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
}

/**
 * Drops vertices that lie straight between their neighbours (exact: pixel corners are
 * integers); anchors stay when `keepAnchors`. Returns the same `[col, row, anchor]` layout.
 */
export function dropCollinear(pts: AnchoredRing, keepAnchors: boolean): number[] {
  const n = pts.length / 3;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = (i + n - 1) % n;
    const q = (i + 1) % n;
    const ux = pts[3 * i] - pts[3 * p], uy = pts[3 * i + 1] - pts[3 * p + 1];
    const vx = pts[3 * q] - pts[3 * i], vy = pts[3 * q + 1] - pts[3 * i + 1];
    const straight = ux * vy - uy * vx === 0 && ux * vx + uy * vy > 0;
    if (!straight || (keepAnchors && pts[3 * i + 2] === 1)) out.push(pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]);
  }
  return out;
}
