import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockCountOf, blocksForWindow, type BlockLayout, type PixelWindow } from '../../src/planner/tiles-for-window.js';

/** A layout with block i stored at offset 1000 + 10·i, byte count i % 5 (0 = sparse). */
function layout(w: number, h: number, bw: number, bh: number, spp: number, planar: number, tiled: boolean): BlockLayout {
  const l = { imageWidth: w, imageHeight: h, blockWidth: bw, blockHeight: bh, tiled, samplesPerPixel: spp, planarConfiguration: planar, offsets: [], byteCounts: [] };
  const n = blockCountOf(l);
  return { ...l, offsets: Array.from({ length: n }, (_, i) => 1000 + 10 * i), byteCounts: Array.from({ length: n }, (_, i) => i % 5) };
}

const arbitraryCase = fc
  .record({
    w: fc.integer({ min: 1, max: 600 }), h: fc.integer({ min: 1, max: 600 }),
    bw: fc.integer({ min: 1, max: 300 }), bh: fc.integer({ min: 1, max: 300 }),
    spp: fc.integer({ min: 1, max: 4 }), planar: fc.constantFrom(1, 2), tiled: fc.boolean(),
    a: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }),
    c: fc.double({ min: 0, max: 1, noNaN: true }), d: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map((p) => {
    const bw = p.tiled ? p.bw : p.w; // strips span the width
    const l = layout(p.w, p.h, bw, p.bh, p.spp, p.planar, p.tiled);
    const colOff = Math.min(Math.floor(p.a * p.w), p.w - 1);
    const rowOff = Math.min(Math.floor(p.b * p.h), p.h - 1);
    const win: PixelWindow = { colOff, rowOff, width: 1 + Math.floor(p.c * (p.w - colOff - 1)), height: 1 + Math.floor(p.d * (p.h - rowOff - 1)) };
    return { l, win };
  });

describe('blocksForWindow', () => {
  it('covers every pixel of the window once per band, with no block outside it', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ l, win }) => {
        const bands = Array.from({ length: l.samplesPerPixel }, (_, b) => b);
        const needs = blocksForWindow(l, win, bands);
        const hits = new Uint8Array(l.samplesPerPixel * win.width * win.height);
        for (const n of needs) {
          expect(n.index).toBeLessThan(l.offsets.length);
          expect([n.offset, n.length, n.sparse]).toEqual([l.offsets[n.index], l.byteCounts[n.index], l.byteCounts[n.index] === 0]);
          let touched = false;
          for (let r = Math.max(n.row0, win.rowOff); r < Math.min(n.row0 + n.decodedHeight, win.rowOff + win.height); r++) {
            for (let c = Math.max(n.col0, win.colOff); c < Math.min(n.col0 + l.blockWidth, win.colOff + win.width); c++) {
              for (const b of n.band === null ? bands : [n.band]) hits[(b * win.height + r - win.rowOff) * win.width + c - win.colOff]++;
              touched = true;
            }
          }
          expect(touched).toBe(true);
        }
        expect(hits.every((v) => v === 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('indexes planar band b at b·blocksPerBand + i (TIFF 6.0 section 15)', () => {
    const l = layout(600, 500, 256, 256, 3, 2, true); // 3 x 2 blocks per band
    const needs = blocksForWindow(l, { colOff: 250, rowOff: 250, width: 10, height: 10 }, [0, 2]);
    expect(needs.map((n) => [n.band, n.index])).toEqual([[0, 0], [0, 1], [0, 3], [0, 4], [2, 12], [2, 13], [2, 15], [2, 16]]);
  });

  it('gives the last strip its real height and flags sparse blocks', () => {
    const l = layout(100, 25, 100, 7, 1, 1, false);
    const needs = blocksForWindow(l, { colOff: 0, rowOff: 20, width: 5, height: 5 }, [0]);
    expect(needs.map((n) => [n.index, n.row0, n.decodedHeight, n.sparse])).toEqual([[2, 14, 7, false], [3, 21, 4, false]]);
    expect(blocksForWindow(layout(10, 10, 5, 5, 1, 1, true), { colOff: 0, rowOff: 0, width: 1, height: 1 }, [0])[0].sparse).toBe(true);
  });

  it('marks a block beyond a short table with NaN for the caller to refuse', () => {
    const l = { ...layout(512, 512, 256, 256, 1, 1, true), offsets: [1, 2], byteCounts: [3, 4] };
    expect(blocksForWindow(l, { colOff: 300, rowOff: 300, width: 5, height: 5 }, [0])[0]).toMatchObject({ index: 3, offset: NaN, length: NaN });
  });
});
