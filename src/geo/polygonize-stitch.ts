/**
 * Polygonize step 2: join blocks traced apart into the rings a whole-raster trace gives,
 * as the blocks arrive, handing back each region as soon as no later block can change it.
 *
 * Why the join is exact: which edge follows another at a vertex depends only on the 2x2
 * pixels around it (polygonize-rule.ts). Inside a block, and on the raster border, a
 * block sees all four, so its arcs are the whole-raster walk cut at the lines between
 * blocks. On those lines the stitcher sees all four too, from the border rows and columns
 * each block keeps, so it adds the edges lying on the lines and links every arc and edge
 * at each such vertex by the same rule. Regions meeting across a line (equal values on
 * either side, or at a corner with 8-connectivity) are merged.
 *
 * Why it streams: a frame vertex is resolved (regions joined, pieces linked) as soon as
 * every block around it is in. A region that touches no unresolved vertex can neither
 * grow nor change its rings, so it is finished then (polygonize-open-regions.ts). A
 * block's border rows are dropped once all eight neighbours are in.
 */
import { InternalError } from '../errors.js';
import type { BlockTrace } from './polygonize-block.js';
import { OpenRegions, type Piece, type StitchedRegion } from './polygonize-open-regions.js';
import {
  LEFT_DC, LEFT_DR, RIGHT_DC, RIGHT_DR,
  isFrameVertex, isJunction, nextDirection, vertexKey,
  type BlockGrid, type Connectivity,
} from './polygonize-rule.js';

export type { StitchedRegion } from './polygonize-open-regions.js';

/** What the stitcher holds between blocks, now and at most so far. */
export interface HeldStats {
  /** Regions open now: touching a line next to a block not yet added. */
  readonly regions: number;
  readonly maxRegions: number;
  /** Blocks whose border rows are kept (a neighbour is not in yet). */
  readonly blocks: number;
  readonly maxBlocks: number;
}

// a block's border labels (-1 = none), kept while a vertex on its perimeter is unresolved
interface PlacedBlock {
  readonly colOff: number;
  readonly rowOff: number;
  readonly width: number;
  readonly height: number;
  readonly base: number;
  readonly top: Int32Array;
  readonly bottom: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
}

// the four pixels around vertex (col, row): nw, ne, sw, se
const AROUND_DC = [-1, 0, -1, 0];
const AROUND_DR = [-1, -1, 0, 0];

/** Joins traced blocks, fed in any order; each `add` returns the regions it finished. */
export class Stitcher {
  private readonly regions = new OpenRegions();
  // undefined: not added yet; null: added, and every vertex on its perimeter resolved
  private readonly blocks: (PlacedBlock | null | undefined)[];
  private readonly blocksAcross: number;
  private readonly blocksDown: number;
  // unlinked pieces by start and by end: vertexKey * 4 + direction
  private readonly starts = new Map<number, Piece>();
  private readonly ends = new Map<number, Piece>();
  private nextLabel = 0;
  private heldBlocks = 0;
  private maxHeldBlocks = 0;

  constructor(private readonly grid: BlockGrid, private readonly connectivity: Connectivity) {
    this.blocksAcross = Math.ceil(grid.width / grid.blockWidth);
    this.blocksDown = Math.ceil(grid.height / grid.blockHeight);
    this.blocks = new Array<PlacedBlock | null | undefined>(this.blocksAcross * this.blocksDown);
  }

  /** What is held now and at most so far. */
  get held(): HeldStats {
    return { regions: this.regions.open, maxRegions: this.regions.maxOpen, blocks: this.heldBlocks, maxBlocks: this.maxHeldBlocks };
  }

  /**
   * Takes one block's trace and returns the regions it finished, in raster order of their first pixel.
   * @throws InternalError when the block is not on the grid or was added before, or the join breaks (a bug).
   */
  add(t: BlockTrace): StitchedRegion[] {
    const { blockWidth: bw, blockHeight: bh } = this.grid;
    const bx = t.colOff / bw;
    const by = t.rowOff / bh;
    if (!Number.isInteger(bx) || !Number.isInteger(by) || bx >= this.blocksAcross || by >= this.blocksDown || this.blocks[by * this.blocksAcross + bx] !== undefined) {
      throw new InternalError({ reason: `polygonize: block at (${t.colOff}, ${t.rowOff}) is off the ${bw}x${bh} grid or added twice` });
    }
    const base = this.nextLabel;
    this.nextLabel += t.regionValue.length;
    const { colOff, rowOff, width, height, top, bottom, left, right } = t;
    this.blocks[by * this.blocksAcross + bx] = { colOff, rowOff, width, height, base, top, bottom, left, right };
    this.maxHeldBlocks = Math.max(this.maxHeldBlocks, ++this.heldBlocks);
    const verts = this.perimeterVertices(t);
    const done = this.openRegions(t, base, verts);
    for (const a of t.arcs) this.putPiece({ ...a, label: base + a.label, endAnchor: 0, taken: false });
    if (this.placed(bx - 1, by)) this.verticalEdges(colOff, rowOff, rowOff + height);
    if (this.placed(bx + 1, by)) this.verticalEdges(colOff + width, rowOff, rowOff + height);
    if (this.placed(bx, by - 1)) this.horizontalEdges(rowOff, colOff, colOff + width);
    if (this.placed(bx, by + 1)) this.horizontalEdges(rowOff + height, colOff, colOff + width);
    for (let i = 0; i < verts.length; i += 2) if (this.settled(verts[i], verts[i + 1])) this.resolve(verts[i], verts[i + 1], done);
    for (let y = by - 1; y <= by + 1; y++) for (let x = bx - 1; x <= bx + 1; x++) this.dropIfSurrounded(x, y);
    return done.sort((a, b) => a.firstPixel - b.firstPixel);
  }

  /**
   * Checks that the whole grid was added and every region finished.
   * @throws InternalError when a block was never added, or a region is still open (a bug).
   */
  finish(): void {
    const missing = this.blocks.findIndex((b) => b === undefined);
    if (missing >= 0) throw new InternalError({ reason: `polygonize: block ${missing} of the grid was never added` });
    if (this.regions.open > 0) throw new InternalError({ reason: `polygonize: ${this.regions.open} regions are still open after the last block` });
  }

  // Regions touching no frame vertex are finished at once; the others open with their count
  private openRegions(t: BlockTrace, base: number, verts: readonly number[]): StitchedRegion[] {
    const pending = new Int32Array(t.regionValue.length);
    for (let i = 0; i < verts.length; i += 2) {
      let seen = -1;
      for (let k = 0; k < 4; k++) {
        const l = localLabel(t, verts[i] + AROUND_DC[k], verts[i + 1] + AROUND_DR[k]);
        // a block's pixels around one perimeter vertex are at most two, side by side
        if (l >= 0 && l !== seen) pending[l]++;
        if (l >= 0) seen = l;
      }
    }
    const rings = new Map<number, number[][]>();
    for (const r of t.rings) {
      const list = rings.get(r.label);
      if (list) list.push(r.pts);
      else rings.set(r.label, [r.pts]);
    }
    const done: StitchedRegion[] = [];
    for (let l = 0; l < pending.length; l++) {
      const totals = { value: t.regionValue[l], pixelCount: t.pixelCount[l], scoreSum: t.scoreSum[l], firstPixel: t.firstPixel[l], scored: t.scored };
      if (pending[l] === 0) done.push({ ...totals, rings: rings.get(l) ?? [] });
      else this.regions.add(base + l, totals, pending[l], rings.get(l) ?? []);
    }
    return done;
  }

  // frame vertices on a block's outline, each once, as flat [col, row, ...]
  private perimeterVertices(t: { colOff: number; rowOff: number; width: number; height: number }): number[] {
    const out: number[] = [];
    const put = (c: number, r: number) => {
      if (isFrameVertex(this.grid, c, r)) out.push(c, r);
    };
    for (let c = t.colOff; c <= t.colOff + t.width; c++) {
      put(c, t.rowOff);
      put(c, t.rowOff + t.height);
    }
    for (let r = t.rowOff + 1; r < t.rowOff + t.height; r++) {
      put(t.colOff, r);
      put(t.colOff + t.width, r);
    }
    return out;
  }

  private placed(bx: number, by: number): boolean {
    return bx >= 0 && by >= 0 && bx < this.blocksAcross && by < this.blocksDown && this.blocks[by * this.blocksAcross + bx] !== undefined;
  }

  // every block holding a pixel around the vertex is in
  private settled(col: number, row: number): boolean {
    const { width, height, blockWidth: bw, blockHeight: bh } = this.grid;
    for (let k = 0; k < 4; k++) {
      const c = col + AROUND_DC[k];
      const r = row + AROUND_DR[k];
      if (c >= 0 && r >= 0 && c < width && r < height && !this.placed(Math.floor(c / bw), Math.floor(r / bh))) return false;
    }
    return true;
  }

  private dropIfSurrounded(bx: number, by: number): void {
    if (!this.placed(bx, by) || this.blocks[by * this.blocksAcross + bx] === null) return;
    for (let y = by - 1; y <= by + 1; y++) {
      for (let x = bx - 1; x <= bx + 1; x++) {
        const inGrid = x >= 0 && y >= 0 && x < this.blocksAcross && y < this.blocksDown;
        if (inGrid && !this.placed(x, y)) return;
      }
    }
    this.blocks[by * this.blocksAcross + bx] = null;
    this.heldBlocks--;
  }

  // joins, links and counts down the regions around one vertex whose blocks are all in
  private resolve(col: number, row: number, done: StitchedRegion[]): void {
    this.unionAround(col, row);
    this.link(col, row);
    const around = [0, 1, 2, 3].map((k) => this.labelAt(col + AROUND_DC[k], row + AROUND_DR[k]));
    around.forEach((l, k) => {
      if (l < 0 || around.indexOf(l) < k) return;
      const finished = this.regions.resolve(l);
      if (finished) done.push(finished);
    });
  }

  private putPiece(p: Piece): void {
    const n = p.pts.length;
    this.starts.set(vertexKey(this.grid, p.pts[0], p.pts[1]) * 4 + p.startDir, p);
    this.ends.set(vertexKey(this.grid, p.pts[n - 3], p.pts[n - 2]) * 4 + p.endDir, p);
    this.regions.addPiece(p);
  }

  // global label of a pixel on some kept block's border, -1 outside the raster or invalid
  private labelAt(col: number, row: number): number {
    const { width, height, blockWidth: bw, blockHeight: bh } = this.grid;
    if (col < 0 || row < 0 || col >= width || row >= height) return -1;
    const placed = this.blocks[Math.floor(row / bh) * this.blocksAcross + Math.floor(col / bw)];
    if (!placed) throw new InternalError({ reason: `polygonize: no kept block holds pixel (${col}, ${row})` });
    const local = localLabel(placed, col, row);
    return local < 0 ? -1 : placed.base + local;
  }

  private classOf(label: number): number {
    return label < 0 ? NaN : this.regions.valueOf(label);
  }

  private unionAround(col: number, row: number): void {
    const [nw, ne, sw, se] = [0, 1, 2, 3].map((k) => this.labelAt(col + AROUND_DC[k], row + AROUND_DR[k]));
    const join = (a: number, b: number) => {
      if (a >= 0 && b >= 0 && this.classOf(a) === this.classOf(b)) this.regions.union(a, b);
    };
    join(nw, ne);
    join(sw, se);
    join(nw, sw);
    join(ne, se);
    if (this.connectivity === 8) {
      join(nw, se);
      join(ne, sw);
    }
  }

  // unit edges on a vertical frame line, one per side whose pixel is valid
  private verticalEdges(c: number, r0: number, r1: number): void {
    for (let r = r0; r < r1; r++) {
      const a = this.labelAt(c - 1, r);
      const b = this.labelAt(c, r);
      if (this.same(a, b)) continue;
      this.frameEdge(a, c, r + 1, c, r, 2);
      this.frameEdge(b, c, r, c, r + 1, 0);
    }
  }

  private horizontalEdges(r: number, c0: number, c1: number): void {
    for (let c = c0; c < c1; c++) {
      const a = this.labelAt(c, r - 1);
      const b = this.labelAt(c, r);
      if (this.same(a, b)) continue;
      this.frameEdge(a, c, r, c + 1, r, 1);
      this.frameEdge(b, c + 1, r, c, r, 3);
    }
  }

  private frameEdge(label: number, c0: number, r0: number, c1: number, r1: number, d: number): void {
    if (label >= 0) this.putPiece({ label, pts: [c0, r0, 0, c1, r1, 0], startDir: d, endDir: d, endAnchor: 0, taken: false });
  }

  private same(a: number, b: number): boolean {
    return (a < 0 && b < 0) || (a >= 0 && b >= 0 && this.classOf(a) === this.classOf(b));
  }

  // links each piece ending here to the one leaving by the tracing rule
  private link(col: number, row: number): void {
    const at = vertexKey(this.grid, col, row) * 4;
    for (let d = 0; d < 4; d++) {
      const piece = this.ends.get(at + d);
      if (!piece) continue;
      this.ends.delete(at + d);
      const nd = this.turnAt(col, row, d, this.classOf(piece.label));
      const next = this.starts.get(at + nd);
      if (!next) throw new InternalError({ reason: `polygonize: no boundary leaves (${col}, ${row}) in direction ${nd}` });
      this.starts.delete(at + nd);
      piece.next = next;
      piece.endAnchor = this.anchorAt(col, row);
    }
  }

  private turnAt(col: number, row: number, d: number, value: number): number {
    const aheadLeft = this.classOf(this.labelAt(col + LEFT_DC[d], row + LEFT_DR[d]));
    const aheadRight = this.classOf(this.labelAt(col + RIGHT_DC[d], row + RIGHT_DR[d]));
    return nextDirection(d, aheadLeft === value, aheadRight === value, this.connectivity);
  }

  private anchorAt(col: number, row: number): number {
    const at = (k: number) => this.classOf(this.labelAt(col + AROUND_DC[k], row + AROUND_DR[k]));
    return isJunction(at(0), at(1), at(2), at(3)) ? 1 : 0;
  }
}

// block-local label of a pixel on the block's border, -1 when invalid or not in the block
function localLabel(b: Pick<BlockTrace, 'colOff' | 'rowOff' | 'width' | 'height' | 'top' | 'bottom' | 'left' | 'right'>, col: number, row: number): number {
  const c = col - b.colOff;
  const r = row - b.rowOff;
  if (c < 0 || r < 0 || c >= b.width || r >= b.height) return -1;
  if (r === 0) return b.top[c];
  if (r === b.height - 1) return b.bottom[c];
  if (c === 0) return b.left[r];
  if (c === b.width - 1) return b.right[r];
  throw new InternalError({ reason: `polygonize: pixel (${col}, ${row}) is not on a block border` });
}

