/** The mosaic planner: snapped grids and blocks that cover the grid once, by hand-checked cases and properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mosaicBlocks, scenesPerBlock, snapGrid } from '../../src/planner/mosaic-grid.js';

describe('snapGrid', () => {
  it('snaps a bbox outwards to multiples of the resolution', () => {
    const g = snapGrid({ xmin: 499995, ymin: 5799361, xmax: 500641, ymax: 5800004 }, 10);
    expect(g.transform).toEqual({ a: 10, b: 0, c: 499990, d: 0, e: -10, f: 5800010 });
    expect([g.width, g.height]).toEqual([66, 65]);
  });
  it('keeps a bbox already on the grid, despite float noise', () => {
    const g = snapGrid({ xmin: 0.3, ymin: 0.1, xmax: 0.6, ymax: 0.3 }, 0.1);
    expect([g.width, g.height]).toEqual([3, 2]);
  });
});

describe('mosaicBlocks', () => {
  it('covers every pixel exactly once, blocks aligned to the block size', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 64 }), (w, h, b) => {
      const grid = { transform: { a: 1, b: 0, c: 0, d: 0, e: -1, f: 0 }, width: w, height: h };
      const blocks = mosaicBlocks(grid, b);
      expect(blocks.reduce((n, k) => n + k.width * k.height, 0)).toBe(w * h);
      for (const k of blocks) expect([k.colOff % b, k.rowOff % b, k.colOff / b, k.rowOff / b]).toEqual([0, 0, k.blockCol, k.blockRow]);
    }), { numRuns: 40 });
  });
  it('lists the footprints that share area with each block', () => {
    const grid = snapGrid({ xmin: 0, ymin: 0, xmax: 40, ymax: 20 }, 1);
    const blocks = mosaicBlocks(grid, 20);
    expect(scenesPerBlock(grid, blocks, [{ xmin: 5, ymin: 5, xmax: 15, ymax: 15 }, { xmin: 20, ymin: 0, xmax: 30, ymax: 20 }])).toEqual([[0], [1]]);
  });
});
