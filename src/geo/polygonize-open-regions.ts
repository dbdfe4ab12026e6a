/**
 * Polygonize step 2b: the regions still open while blocks stream in. A region is open
 * while some frame vertex it touches (a pixel corner on a line between blocks, next to one
 * of its pixels) waits for a block around it: until then a neighbour may join it or lead
 * its boundary on. It holds its labels, stats, closed rings and boundary pieces, nothing
 * else; when its last vertex is resolved it is closed, its pieces followed into rings
 * and everything it held is dropped. So what stays in memory is bounded by the regions
 * touching lines next to blocks not yet added, never by the regions already finished.
 */
import { InternalError } from '../errors.js';
import type { TracedArc } from './polygonize-block.js';

/** A boundary piece (a block's arc or a unit edge on a frame line) and, once linked, its successor. */
export interface Piece extends TracedArc {
  /** The piece that follows at this piece's end vertex, set when that vertex is resolved. */
  next?: Piece;
  /** Anchor flag (polygonize-rule.ts isJunction) of the end vertex, set with `next`. */
  endAnchor: number;
  /** Set once followed into a ring. */
  taken: boolean;
}

/** A region's totals: what a block measured, merged over the blocks it spans. */
export interface RegionTotals {
  readonly value: number;
  readonly pixelCount: number;
  readonly scoreSum: number;
  /** Raster-order index (row * width + col) of its first pixel. */
  readonly firstPixel: number;
  /** True when a block it spans brought a score raster. */
  readonly scored: boolean;
}

/** A finished region: totals and its rings in pixel corners (flat `[col, row, anchor, ...]`). */
export interface StitchedRegion extends RegionTotals {
  readonly rings: number[][];
}

interface OpenRegion {
  value: number;
  pixelCount: number;
  scoreSum: number;
  firstPixel: number;
  scored: boolean;
  /** Frame vertices its labels touch that are not resolved yet, counted once per label. */
  pending: number;
  readonly labels: number[];
  readonly rings: number[][];
  readonly pieces: Piece[];
}

/** The open regions, keyed by the global labels that make them up. */
export class OpenRegions {
  private readonly owner = new Map<number, OpenRegion>();
  private openCount = 0;
  private maxOpenCount = 0;

  /** Regions open now. */
  get open(): number {
    return this.openCount;
  }

  /** Most regions open at once so far. */
  get maxOpen(): number {
    return this.maxOpenCount;
  }

  /** Opens a region for a new label that touches `pending` (> 0) unresolved frame vertices. */
  add(label: number, totals: RegionTotals, pending: number, rings: number[][]): void {
    this.owner.set(label, { ...totals, pending, labels: [label], rings, pieces: [] });
    this.maxOpenCount = Math.max(this.maxOpenCount, ++this.openCount);
  }

  /** The class value of an open label's region. @throws InternalError for a closed or unknown label. */
  valueOf(label: number): number {
    return this.regionOf(label).value;
  }

  /** Hands a boundary piece to its label's region. */
  addPiece(piece: Piece): void {
    this.regionOf(piece.label).pieces.push(piece);
  }

  /** Merges the regions of two open labels (the smaller moves into the larger). */
  union(a: number, b: number): void {
    let big = this.regionOf(a);
    let small = this.regionOf(b);
    if (big === small) return;
    if (small.labels.length + small.pieces.length > big.labels.length + big.pieces.length) [big, small] = [small, big];
    for (const l of small.labels) {
      this.owner.set(l, big);
      big.labels.push(l);
    }
    for (const r of small.rings) big.rings.push(r);
    for (const p of small.pieces) big.pieces.push(p);
    big.pixelCount += small.pixelCount;
    big.scoreSum += small.scoreSum;
    big.firstPixel = Math.min(big.firstPixel, small.firstPixel);
    big.scored ||= small.scored;
    big.pending += small.pending;
    this.openCount--;
  }

  /**
   * Counts one resolved frame vertex of `label`; when it was its region's last, closes the
   * region and returns it, rings followed.
   * @throws InternalError when a piece was never linked (a bug).
   */
  resolve(label: number): StitchedRegion | undefined {
    const region = this.regionOf(label);
    if (--region.pending > 0) return undefined;
    for (const l of region.labels) this.owner.delete(l);
    this.openCount--;
    const rings = region.rings;
    for (const p of region.pieces) if (!p.taken) rings.push(follow(p));
    const { value, pixelCount, scoreSum, firstPixel, scored } = region;
    return { value, pixelCount, scoreSum, firstPixel, scored, rings };
  }

  private regionOf(label: number): OpenRegion {
    const region = this.owner.get(label);
    if (!region) throw new InternalError({ reason: `polygonize: label ${label} belongs to no open region` });
    return region;
  }
}

// Joins linked pieces into one ring; a piece's last vertex is the next piece's first, so it
// is copied once, and takes the anchor flag found when that vertex was resolved
function follow(first: Piece): number[] {
  const pts: number[] = [];
  let cur = first;
  let anchorIn = -1;
  for (;;) {
    const at = pts.length;
    for (let j = 0; j + 3 < cur.pts.length; j++) pts.push(cur.pts[j]);
    if (anchorIn >= 0) pts[at + 2] = anchorIn;
    anchorIn = cur.endAnchor;
    cur.taken = true;
    if (!cur.next) throw new InternalError({ reason: `polygonize: the boundary piece ending at (${cur.pts.at(-3)}, ${cur.pts.at(-2)}) was never linked` });
    cur = cur.next;
    if (cur === first) {
      pts[2] = anchorIn;
      return pts;
    }
  }
}
