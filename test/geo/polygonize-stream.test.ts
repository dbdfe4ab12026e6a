// polygonize streams: each region comes back once, from the `add` that finishes it, in any
// block order, and what is held between blocks is bounded by the regions touching lines
// next to blocks still to come, counted here by a flood fill of our own, so it stays flat
// as the raster grows while the regions grow with it.
import { describe, expect, it } from 'vitest';
import { BlockPolygonizer, polygonize, type FinishedRegion, type HeldStats } from '../../src/geo/polygonize.js';
import { seededRandom } from '../../src/seeded-random.js';

const T = { a: 10, b: 0, c: 500000, d: 0, e: -10, f: 5800000 };
const WIDTH = 80;
const BLOCK = 16;

// small fields: squares of 2 to 4 px on a 5 px lattice, classes 1 and 2, nodata 0 between;
// the lattice does not divide the block, so many fields cross or touch block lines
function fields(height: number, seed: number): number[] {
  const rand = seededRandom(seed);
  const values = new Array<number>(WIDTH * height).fill(0);
  for (let r0 = 0; r0 < height; r0 += 5) {
    for (let c0 = 0; c0 < WIDTH; c0 += 5) {
      const side = 2 + Math.floor(rand() * 3);
      const value = 1 + Math.floor(rand() * 2);
      for (let r = r0; r < Math.min(height, r0 + side); r++) for (let c = c0; c < c0 + side; c++) values[r * WIDTH + c] = value;
    }
  }
  return values;
}

function crop(values: readonly number[], colOff: number, rowOff: number, width: number, height: number): number[] {
  const out: number[] = [];
  for (let r = rowOff; r < rowOff + height; r++) out.push(...values.slice(r * WIDTH + colOff, r * WIDTH + colOff + width));
  return out;
}

// feeds the blocks in the given order; returns what came back, and after each add the held
// stats and how many regions had come back so far
function stream(values: readonly number[], height: number, order: readonly [number, number][]): { out: FinishedRegion[]; held: HeldStats[]; returned: number[] } {
  const p = new BlockPolygonizer({ width: WIDTH, height, blockWidth: BLOCK, blockHeight: BLOCK, transform: T });
  const out: FinishedRegion[] = [];
  const held: HeldStats[] = [];
  const returned: number[] = [];
  for (const [colOff, rowOff] of order) {
    const [w, h] = [Math.min(BLOCK, WIDTH - colOff), Math.min(BLOCK, height - rowOff)];
    out.push(...p.add({ colOff, rowOff, width: w, height: h, values: crop(values, colOff, rowOff, w, h), nodata: 0 }));
    held.push(p.held);
    returned.push(out.length);
  }
  p.finish();
  return { out, held, returned };
}

function rowMajor(height: number): [number, number][] {
  const order: [number, number][] = [];
  for (let r = 0; r < height; r += BLOCK) for (let c = 0; c < WIDTH; c += BLOCK) order.push([c, r]);
  return order;
}

// 4-connected regions of equal non-zero value, by breadth-first search
function floodLabels(values: readonly number[], height: number): Int32Array {
  const labels = new Int32Array(values.length).fill(-1);
  let next = 0;
  for (let start = 0; start < values.length; start++) {
    if (values[start] === 0 || labels[start] >= 0) continue;
    const queue = [start];
    labels[start] = next;
    while (queue.length > 0) {
      const i = queue.pop()!;
      const [c, r] = [i % WIDTH, Math.floor(i / WIDTH)];
      for (const [nc, nr] of [[c - 1, r], [c + 1, r], [c, r - 1], [c, r + 1]]) {
        const j = nr * WIDTH + nc;
        if (nc >= 0 && nc < WIDTH && nr >= 0 && nr < height && labels[j] < 0 && values[j] === values[i]) {
          labels[j] = next;
          queue.push(j);
        }
      }
    }
    next++;
  }
  return labels;
}

// While block row j streams in (row-major), an open region has a pixel next to a vertex
// still waiting for a block: on the line above row j, the line below it, or a vertical
// block line beside it. The most regions touching those, over all block rows, bounds what
// may be held at once.
function openEdgeBound(values: readonly number[], height: number): number {
  const labels = floodLabels(values, height);
  let most = 0;
  for (let top = 0; top < height; top += BLOCK) {
    const near = new Set<number>();
    const put = (c: number, r: number) => {
      if (c >= 0 && c < WIDTH && r >= 0 && r < height && labels[r * WIDTH + c] >= 0) near.add(labels[r * WIDTH + c]);
    };
    for (let c = 0; c < WIDTH; c++) for (const r of [top - 1, top, top + BLOCK - 1, top + BLOCK]) put(c, r);
    for (let line = BLOCK; line < WIDTH; line += BLOCK) for (let r = top - 1; r <= top + BLOCK; r++) [put(line - 1, r), put(line, r)];
    most = Math.max(most, near.size);
  }
  return most;
}

describe('polygonize: streaming', () => {
  it('returns each region once, as the whole-raster trace has it, whatever the block order', () => {
    const height = 90;
    const values = fields(height, 7);
    const whole = polygonize({ width: WIDTH, height, values, nodata: 0, transform: T });
    const rand = seededRandom(3);
    const shuffled = rowMajor(height).map((b) => [rand(), b] as const).sort((a, b) => a[0] - b[0]).map(([, b]) => b);
    for (const order of [rowMajor(height), shuffled]) {
      const { out, held } = stream(values, height, order);
      expect(out.sort((a, b) => a.firstPixel - b.firstPixel).map((r) => r.region)).toEqual(whole);
      expect(held.at(-1)).toMatchObject({ regions: 0, blocks: 0 });
    }
  });

  it('holds only the regions on open block edges: flat at 1x, 4x and 16x the area while regions grow 16x', () => {
    const runs = [80, 320, 1280].map((height) => {
      const values = fields(height, 11);
      const { out, held, returned } = stream(values, height, rowMajor(height));
      const maxHeld = Math.max(...held.map((h) => h.regions));
      // share of the regions back when half the blocks are in: they come as the scan goes
      const halfway = returned[Math.floor(returned.length / 2) - 1] / out.length;
      return { total: out.length, maxHeld, bound: openEdgeBound(values, height), maxBlocks: Math.max(...held.map((h) => h.blocks)), halfway };
    });
    for (const r of runs) {
      expect(r.maxHeld).toBeGreaterThan(0);
      expect(r.maxHeld).toBeLessThanOrEqual(r.bound);
      expect(r.halfway).toBeGreaterThan(0.35);
      // border rows kept: one row of blocks (5 across) and the next block
      expect(r.maxBlocks).toBeLessThanOrEqual(WIDTH / BLOCK + 2);
    }
    const [one, , sixteen] = runs;
    expect(sixteen.total).toBeGreaterThan(15 * one.total);
    expect(sixteen.maxHeld).toBeLessThanOrEqual(Math.ceil(1.25 * one.maxHeld));
    expect(sixteen.maxHeld * 20).toBeLessThan(sixteen.total);
  });
});
