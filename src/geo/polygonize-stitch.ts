/**
 * Polygonize step 2: join blocks traced apart into the rings a whole-raster trace gives.
 *
 * Why the join is exact: which edge follows another at a vertex depends only on the 2x2
 * pixels around it (polygonize-rule.ts). Inside a block, and on the raster border, a
 * block sees all four, so its arcs are the whole-raster walk cut at the lines between
 * blocks. On those lines the stitcher sees all four too, from the border rows and columns
 * each block keeps, so it adds the edges lying on the lines and links every arc and edge
 * at each such vertex by the same rule. Regions meeting across a line (equal values on
 * either side, or at a corner with 8-connectivity) are merged with a union-find.
 */
import { InternalError } from '../errors.js';
import type { BlockTrace, TracedArc, TracedRing } from './polygonize-block.js';
import {
  LEFT_DC, LEFT_DR, RIGHT_DC, RIGHT_DR,
  isJunction, nextDirection, vertexKey,
  type BlockGrid, type Connectivity,
} from './polygonize-rule.js';
import { UnionFind } from './union-find.js';

/** One merged region: its value, size and score sum, keyed by its first pixel. */
export interface RegionStats {
  readonly value: number;
  readonly pixelCount: number;
  readonly scoreSum: number;
  /** Raster-order index of its first pixel: orders regions as a whole-raster scan meets them. */
  readonly firstPixel: number;
}

/** Rings (labelled by region) and the regions they bound, after every block was added. */
export interface StitchedRegions {
  readonly regions: Map<number, RegionStats>;
  readonly rings: TracedRing[];
}

interface PlacedBlock {
  readonly base: number;
  readonly trace: BlockTrace;
}

/** Collects traced blocks and joins them; state lives until `finish`. */
export class Stitcher {
  private readonly uf = new UnionFind();
  private readonly value: number[] = [];
  private readonly pixelCount: number[] = [];
  private readonly scoreSum: number[] = [];
  private readonly firstPixel: number[] = [];
  private readonly blocks: (PlacedBlock | undefined)[];
  private readonly blocksAcross: number;
  private readonly rings: TracedRing[] = [];
  // arcs and frame edges by start vertex and direction: vertexKey * 4 + direction
  private readonly pieces = new Map<number, TracedArc>();

  constructor(private readonly grid: BlockGrid, private readonly connectivity: Connectivity) {
    this.blocksAcross = Math.ceil(grid.width / grid.blockWidth);
    this.blocks = new Array<PlacedBlock | undefined>(this.blocksAcross * Math.ceil(grid.height / grid.blockHeight));
  }

  /**
   * Takes one block's trace.
   * @throws InternalError when the block is not on the grid or was added before.
   */
  add(t: BlockTrace): void {
    const { blockWidth: bw, blockHeight: bh } = this.grid;
    const slot = (t.rowOff / bh) * this.blocksAcross + t.colOff / bw;
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.blocks.length || this.blocks[slot]) {
      throw new InternalError({ reason: `polygonize: block at (${t.colOff}, ${t.rowOff}) is off the ${bw}x${bh} grid or added twice` });
    }
    const base = this.uf.add(t.regionValue.length);
    this.blocks[slot] = { base, trace: t };
    for (let l = 0; l < t.regionValue.length; l++) {
      this.value.push(t.regionValue[l]);
      this.pixelCount.push(t.pixelCount[l]);
      this.scoreSum.push(t.scoreSum[l]);
      this.firstPixel.push(t.firstPixel[l]);
    }
    for (const r of t.rings) this.rings.push({ label: base + r.label, pts: r.pts });
    for (const a of t.arcs) this.putPiece({ ...a, label: base + a.label });
  }

  /**
   * Joins everything added into rings and merged regions.
   * @throws InternalError when a block is missing or the join finds no next edge (a bug).
   */
  finish(): StitchedRegions {
    const missing = this.blocks.findIndex((b) => b === undefined);
    if (missing >= 0) throw new InternalError({ reason: `polygonize: block ${missing} of the grid was never added` });
    this.forEachFrameVertex((c, r) => this.unionAround(c, r));
    this.addFrameEdges();
    const rings = [...this.rings, ...this.stitchPieces()].map((r) => ({ label: this.uf.find(r.label), pts: r.pts }));
    return { regions: this.mergedStats(), rings };
  }

  private putPiece(p: TracedArc): void {
    this.pieces.set(vertexKey(this.grid, p.pts[0], p.pts[1]) * 4 + p.startDir, p);
  }

  // global label of a pixel on some block's border, -1 outside the raster or invalid
  private labelAt(col: number, row: number): number {
    const { width, height, blockWidth: bw, blockHeight: bh } = this.grid;
    if (col < 0 || row < 0 || col >= width || row >= height) return -1;
    const placed = this.blocks[Math.floor(row / bh) * this.blocksAcross + Math.floor(col / bw)];
    if (!placed) throw new InternalError({ reason: `polygonize: no block holds pixel (${col}, ${row})` });
    const t = placed.trace;
    const c = col - t.colOff;
    const r = row - t.rowOff;
    let local: number;
    if (r === 0) local = t.top[c];
    else if (r === t.height - 1) local = t.bottom[c];
    else if (c === 0) local = t.left[r];
    else if (c === t.width - 1) local = t.right[r];
    else throw new InternalError({ reason: `polygonize: pixel (${col}, ${row}) is not on a block border` });
    return local < 0 ? -1 : placed.base + local;
  }

  private classOf(label: number): number {
    return label < 0 ? NaN : this.value[label];
  }

  private forEachFrameVertex(fn: (col: number, row: number) => void): void {
    const { width, height, blockWidth: bw, blockHeight: bh } = this.grid;
    for (let c = bw; c < width; c += bw) for (let r = 0; r <= height; r++) fn(c, r);
    for (let r = bh; r < height; r += bh) for (let c = 0; c <= width; c++) fn(c, r);
  }

  private unionAround(col: number, row: number): void {
    const nw = this.labelAt(col - 1, row - 1);
    const ne = this.labelAt(col, row - 1);
    const sw = this.labelAt(col - 1, row);
    const se = this.labelAt(col, row);
    const join = (a: number, b: number) => {
      if (a >= 0 && b >= 0 && this.value[a] === this.value[b]) this.uf.union(a, b);
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

  // unit edges lying on the lines between blocks, one per side whose pixel is valid
  private addFrameEdges(): void {
    const { width, height, blockWidth: bw, blockHeight: bh } = this.grid;
    const edge = (label: number, c0: number, r0: number, c1: number, r1: number, d: number) => {
      if (label >= 0) this.putPiece({ label, pts: [c0, r0, 0, c1, r1, 0], startDir: d, endDir: d });
    };
    for (let c = bw; c < width; c += bw) {
      for (let r = 0; r < height; r++) {
        const a = this.labelAt(c - 1, r);
        const b = this.labelAt(c, r);
        if (this.same(a, b)) continue;
        edge(a, c, r + 1, c, r, 2);
        edge(b, c, r, c, r + 1, 0);
      }
    }
    for (let r = bh; r < height; r += bh) {
      for (let c = 0; c < width; c++) {
        const a = this.labelAt(c, r - 1);
        const b = this.labelAt(c, r);
        if (this.same(a, b)) continue;
        edge(a, c, r, c + 1, r, 1);
        edge(b, c + 1, r, c, r, 3);
      }
    }
  }

  private same(a: number, b: number): boolean {
    return (a < 0 && b < 0) || (a >= 0 && b >= 0 && this.value[a] === this.value[b]);
  }

  private stitchPieces(): TracedRing[] {
    const rings: TracedRing[] = [];
    for (const [key, first] of this.pieces) {
      this.pieces.delete(key);
      rings.push({ label: first.label, pts: this.follow(first) });
    }
    return rings;
  }

  // links pieces end to start by the tracing rule until the ring closes on `first`
  private follow(first: TracedArc): number[] {
    const pts: number[] = [];
    let cur = first;
    let jointAnchor = -1;
    for (;;) {
      const at = pts.length;
      // a piece's last vertex is the next piece's first, so it is copied once
      for (let j = 0; j + 3 < cur.pts.length; j++) pts.push(cur.pts[j]);
      if (jointAnchor >= 0) pts[at + 2] = jointAnchor;
      const n = cur.pts.length;
      const col = cur.pts[n - 3];
      const row = cur.pts[n - 2];
      const nd = this.turnAt(col, row, cur.endDir, this.classOf(cur.label));
      jointAnchor = this.anchorAt(col, row);
      if (col === first.pts[0] && row === first.pts[1] && nd === first.startDir) {
        pts[2] = jointAnchor;
        return pts;
      }
      const key = vertexKey(this.grid, col, row) * 4 + nd;
      const next = this.pieces.get(key);
      if (!next) throw new InternalError({ reason: `polygonize: no boundary leaves (${col}, ${row}) in direction ${nd}` });
      this.pieces.delete(key);
      cur = next;
    }
  }

  private turnAt(col: number, row: number, d: number, value: number): number {
    const aheadLeft = this.classOf(this.labelAt(col + LEFT_DC[d], row + LEFT_DR[d]));
    const aheadRight = this.classOf(this.labelAt(col + RIGHT_DC[d], row + RIGHT_DR[d]));
    return nextDirection(d, aheadLeft === value, aheadRight === value, this.connectivity);
  }

  private anchorAt(col: number, row: number): number {
    const at = (dc: number, dr: number) => this.classOf(this.labelAt(col + dc, row + dr));
    return isJunction(at(-1, -1), at(0, -1), at(-1, 0), at(0, 0)) ? 1 : 0;
  }

  private mergedStats(): Map<number, RegionStats> {
    const merged = new Map<number, { value: number; pixelCount: number; scoreSum: number; firstPixel: number }>();
    for (let l = 0; l < this.value.length; l++) {
      const root = this.uf.find(l);
      const m = merged.get(root);
      if (!m) {
        merged.set(root, { value: this.value[l], pixelCount: this.pixelCount[l], scoreSum: this.scoreSum[l], firstPixel: this.firstPixel[l] });
        continue;
      }
      m.pixelCount += this.pixelCount[l];
      m.scoreSum += this.scoreSum[l];
      m.firstPixel = Math.min(m.firstPixel, this.firstPixel[l]);
    }
    return merged;
  }
}
