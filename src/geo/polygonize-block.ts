/**
 * Polygonize step 1, one block at a time: label the connected regions of equal value,
 * then walk every boundary edge whose pixels both lie in the block (or outside the raster)
 * once, with the rule in polygonize-rule.ts. A walk that meets a vertex on a line between
 * blocks stops there: it is an arc, which the stitcher joins to the next block's arcs. A
 * walk that comes back to its first edge is a finished ring. Cost: O(pixels) time, and
 * labels plus edge bits (5 bytes) per pixel of the block.
 */
import { InternalError } from '../errors.js';
import {
  DC, DR, LEFT_DC, LEFT_DR,
  isFrameVertex, isJunction, nextDirection,
  type BlockGrid, type Connectivity,
} from './polygonize-rule.js';
import { UnionFind } from './union-find.js';

/** One block's pixels and where the block sits in the raster. */
export interface BlockPixels {
  readonly colOff: number;
  readonly rowOff: number;
  readonly width: number;
  readonly height: number;
  /** Row-major class values of the block. */
  readonly values: ArrayLike<number>;
  /** 1 where a pixel is polygonized, 0 where it is skipped (nodata, masked). */
  readonly valid: Uint8Array;
  /** Optional per-pixel score (e.g. a probability) averaged per region. */
  readonly score?: ArrayLike<number>;
}

/** A traced boundary in pixel corners: flat `[col, row, anchor, ...]`, anchor 1 at junctions. */
export interface TracedRing {
  /** The region on the boundary's left: a block-local label, or a global one after stitching. */
  readonly label: number;
  readonly pts: number[];
}

/** A boundary piece that starts and ends on lines between blocks. */
export interface TracedArc extends TracedRing {
  readonly startDir: number;
  readonly endDir: number;
}

/** What a block leaves for the stitcher: region stats, rings, arcs, and its border labels. */
export interface BlockTrace {
  readonly colOff: number;
  readonly rowOff: number;
  readonly width: number;
  readonly height: number;
  readonly regionValue: Float64Array;
  readonly pixelCount: Float64Array;
  readonly scoreSum: Float64Array;
  /** Raster-order index (row * width + col) of each region's first pixel. */
  readonly firstPixel: Float64Array;
  /** True when the block came with a score raster (scoreSum holds its sums). */
  readonly scored: boolean;
  readonly rings: TracedRing[];
  readonly arcs: TracedArc[];
  /** Labels (-1 = none) of the block's top and bottom rows and left and right columns. */
  readonly top: Int32Array;
  readonly bottom: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
}

// neighbour across each side: left side (walked down), bottom, right, top
const SIDE_DC = [-1, 0, 1, 0];
const SIDE_DR = [0, 1, 0, -1];

/**
 * Labels, measures and traces one block of a raster cut into `grid` blocks.
 * @throws InternalError when the edge walk breaks its own invariants (a bug).
 */
export function traceBlock(grid: BlockGrid, connectivity: Connectivity, b: BlockPixels): BlockTrace {
  const { labels, count } = labelBlock(b, connectivity);
  const stats = measure(grid, b, labels, count);
  const bits = edgeBits(grid, b);
  const walker = new Walker(grid, connectivity, b, bits);
  const arcs = traceArcs(walker, b, labels);
  const rings = traceRings(walker, b, labels);
  const column = (col: number) => Int32Array.from({ length: b.height }, (_, r) => labels[r * b.width + col]);
  return {
    colOff: b.colOff, rowOff: b.rowOff, width: b.width, height: b.height, ...stats, scored: b.score !== undefined, rings, arcs,
    top: labels.slice(0, b.width),
    bottom: labels.slice((b.height - 1) * b.width),
    left: column(0),
    right: column(b.width - 1),
  };
}

// Connected components of equal valid values; labels count from 0 in raster order
function labelBlock(b: BlockPixels, connectivity: Connectivity): { labels: Int32Array; count: number } {
  const { width: w, height: h, values: v, valid } = b;
  const uf = new UnionFind(w * h);
  uf.add(w * h);
  const join = (i: number, j: number) => {
    if (valid[j] && v[j] === v[i]) uf.union(i, j);
  };
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = r * w + c;
      if (!valid[i]) continue;
      if (c > 0) join(i, i - 1);
      if (r === 0) continue;
      join(i, i - w);
      if (connectivity === 8 && c > 0) join(i, i - w - 1);
      if (connectivity === 8 && c < w - 1) join(i, i - w + 1);
    }
  }
  const labels = new Int32Array(w * h).fill(-1);
  let count = 0;
  for (let i = 0; i < w * h; i++) {
    if (!valid[i]) continue;
    const root = uf.find(i);
    // the root is the set's smallest index, so it was labelled first
    labels[i] = root === i ? count++ : labels[root];
  }
  return { labels, count };
}

function measure(grid: BlockGrid, b: BlockPixels, labels: Int32Array, count: number) {
  const regionValue = new Float64Array(count);
  const pixelCount = new Float64Array(count);
  const scoreSum = new Float64Array(count);
  const firstPixel = new Float64Array(count).fill(-1);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l < 0) continue;
    if (pixelCount[l] === 0) {
      regionValue[l] = b.values[i];
      firstPixel[l] = (b.rowOff + Math.floor(i / b.width)) * grid.width + b.colOff + (i % b.width);
    }
    pixelCount[l]++;
    if (b.score) scoreSum[l] += b.score[i];
  }
  return { regionValue, pixelCount, scoreSum, firstPixel };
}

// Bit d of a pixel is set when its side walked in direction d is a boundary this block
// owns: the neighbour differs and lies in the block or outside the raster. Sides on a
// line between blocks belong to the stitcher, which sees both pixels.
function edgeBits(grid: BlockGrid, b: BlockPixels): Uint8Array {
  const { width: w, height: h, values: v, valid } = b;
  const bits = new Uint8Array(w * h);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = r * w + c;
      if (!valid[i]) continue;
      for (let d = 0; d < 4; d++) {
        const nc = c + SIDE_DC[d];
        const nr = r + SIDE_DR[d];
        if (nc >= 0 && nc < w && nr >= 0 && nr < h) {
          const j = nr * w + nc;
          if (!valid[j] || v[j] !== v[i]) bits[i] |= 1 << d;
          continue;
        }
        const gc = b.colOff + nc;
        const gr = b.rowOff + nr;
        if (gc < 0 || gc >= grid.width || gr < 0 || gr >= grid.height) bits[i] |= 1 << d;
      }
    }
  }
  return bits;
}

// Walks edges inside one block; vertices are in raster (global) pixel coordinates
class Walker {
  constructor(
    readonly grid: BlockGrid,
    private readonly connectivity: Connectivity,
    private readonly b: BlockPixels,
    readonly bits: Uint8Array,
  ) {}

  /** Walks from an edge until a frame vertex (arc) or back to the first edge (ring). */
  walk(startCol: number, startRow: number, startDir: number): { pts: number[]; endDir: number; closed: boolean } {
    const { values, valid, width, height, colOff, rowOff } = this.b;
    // a pixel's class: its value, or NaN outside the block (the raster border here) or invalid
    const cls = (col: number, row: number): number => {
      const c = col - colOff;
      const r = row - rowOff;
      if (c < 0 || r < 0 || c >= width || r >= height) return NaN;
      const i = r * width + c;
      return valid[i] ? values[i] : NaN;
    };
    const pts = [startCol, startRow, 0];
    let col = startCol;
    let row = startRow;
    let d = startDir;
    for (;;) {
      const value = this.consume(col, row, d);
      col += DC[d];
      row += DR[d];
      if (isFrameVertex(this.grid, col, row)) {
        pts.push(col, row, 0);
        return { pts, endDir: d, closed: false };
      }
      const nw = cls(col - 1, row - 1);
      const ne = cls(col, row - 1);
      const sw = cls(col - 1, row);
      const se = cls(col, row);
      // ahead-left and ahead-right of each direction among the four (LEFT_*/RIGHT_* offsets)
      const aheadLeft = d === 0 ? se : d === 1 ? ne : d === 2 ? nw : sw;
      const aheadRight = d === 0 ? sw : d === 1 ? se : d === 2 ? ne : nw;
      const nd = nextDirection(d, aheadLeft === value, aheadRight === value, this.connectivity);
      const anchor = isJunction(nw, ne, sw, se);
      if (col === startCol && row === startRow && nd === startDir) {
        pts[2] = anchor ? 1 : 0;
        return { pts, endDir: d, closed: true };
      }
      if (nd !== d || anchor) pts.push(col, row, anchor ? 1 : 0);
      d = nd;
    }
  }

  // clears the edge's bit and returns the value of the region on its left
  private consume(col: number, row: number, d: number): number {
    const c = col + LEFT_DC[d] - this.b.colOff;
    const r = row + LEFT_DR[d] - this.b.rowOff;
    const i = r * this.b.width + c;
    if (c < 0 || r < 0 || c >= this.b.width || r >= this.b.height || !(this.bits[i] & (1 << d))) {
      throw new InternalError({ reason: `polygonize: edge (${col}, ${row}) direction ${d} is not a boundary of block at (${this.b.colOff}, ${this.b.rowOff})` });
    }
    this.bits[i] &= ~(1 << d);
    return this.b.values[i];
  }
}

// Arcs start on a frame vertex, so their first edge is a side of a border pixel
function traceArcs(walker: Walker, b: BlockPixels, labels: Int32Array): TracedArc[] {
  const arcs: TracedArc[] = [];
  const visit = (c: number, r: number) => {
    const i = r * b.width + c;
    for (let d = 0; d < 4; d++) {
      if (!(walker.bits[i] & (1 << d))) continue;
      const col = b.colOff + c - LEFT_DC[d];
      const row = b.rowOff + r - LEFT_DR[d];
      if (!isFrameVertex(walker.grid, col, row)) continue;
      const { pts, endDir } = walker.walk(col, row, d);
      arcs.push({ label: labels[i], pts, startDir: d, endDir });
    }
  };
  for (let c = 0; c < b.width; c++) {
    visit(c, 0);
    visit(c, b.height - 1);
  }
  for (let r = 0; r < b.height; r++) {
    visit(0, r);
    visit(b.width - 1, r);
  }
  return arcs;
}

function traceRings(walker: Walker, b: BlockPixels, labels: Int32Array): TracedRing[] {
  const rings: TracedRing[] = [];
  const bits = walker.bits;
  for (let i = 0; i < bits.length; i++) {
    while (bits[i]) {
      const d = 31 - Math.clz32(bits[i] & -bits[i]);
      const col = b.colOff + (i % b.width) - LEFT_DC[d];
      const row = b.rowOff + Math.floor(i / b.width) - LEFT_DR[d];
      const { pts, closed } = walker.walk(col, row, d);
      // every edge through a frame vertex was taken by an arc already
      if (!closed) throw new InternalError({ reason: `polygonize: ring from (${col}, ${row}) reached a block edge` });
      rings.push({ label: labels[i], pts });
    }
  }
  return rings;
}
