import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockGrid } from '../../src/planner/block-grid.js';

describe('blockGrid', () => {
  it('covers the raster exactly once with blocks no larger than asked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), (height, width, bh, bw) => {
        const hits = new Uint8Array(height * width);
        for (const b of blockGrid({ height, width }, { height: bh, width: bw })) {
          expect(b.height).toBeGreaterThan(0);
          expect(b.width).toBeGreaterThan(0);
          expect(b.height).toBeLessThanOrEqual(bh);
          expect(b.width).toBeLessThanOrEqual(bw);
          for (let r = b.rowOff; r < b.rowOff + b.height; r++) for (let c = b.colOff; c < b.colOff + b.width; c++) hits[r * width + c]++;
        }
        expect(hits.every((h) => h === 1)).toBe(true);
      }),
    );
  });

  it('lists blocks row-major with the last row and column cut short', () => {
    expect(blockGrid({ height: 5, width: 7 }, { height: 4, width: 4 })).toEqual([
      { rowOff: 0, colOff: 0, height: 4, width: 4 },
      { rowOff: 0, colOff: 4, height: 4, width: 3 },
      { rowOff: 4, colOff: 0, height: 1, width: 4 },
      { rowOff: 4, colOff: 4, height: 1, width: 3 },
    ]);
  });

  it('refuses sizes that are not positive integers', () => {
    expect(() => blockGrid({ height: 0, width: 5 }, { height: 2, width: 2 })).toThrow(/raster height/);
    expect(() => blockGrid({ height: 5, width: 5 }, { height: 2.5, width: 2 })).toThrow(/block height/);
  });
});
