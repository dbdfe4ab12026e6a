import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { axisOrigins, edgeRamp, planPatches } from '../../src/planner/patch-schedule.js';

/** Patch options with a positive stride. */
const patchOptions = fc
  .integer({ min: 1, max: 40 })
  .chain((patchSize) => fc.record({ patchSize: fc.constant(patchSize), clipSize: fc.integer({ min: 0, max: Math.floor((patchSize - 1) / 2) }) }));
const raster = fc.record({ height: fc.integer({ min: 1, max: 120 }), width: fc.integer({ min: 1, max: 120 }) });

/** Total merge weight per pixel, summed the slow way from each patch's 2-D ramp. */
function totalWeight(height: number, width: number, opts: { patchSize: number; clipSize: number }, patches: readonly { row: number; col: number }[]): Float64Array {
  const ramp = edgeRamp(opts);
  const total = new Float64Array(height * width);
  for (const p of patches) {
    for (let r = 0; r < opts.patchSize; r++) {
      for (let c = 0; c < opts.patchSize; c++) {
        const row = p.row + r;
        const col = p.col + c;
        if (row < height && col < width) total[row * width + col] += ramp[r] * ramp[c];
      }
    }
  }
  return total;
}

describe('planPatches', () => {
  it('covers every pixel with a positive total weight', () => {
    fc.assert(
      fc.property(raster, patchOptions, (size, opts) => {
        const { patches } = planPatches(size, opts);
        const total = totalWeight(size.height, size.width, opts, patches);
        expect(total.every((w) => w > 0)).toBe(true);
      }),
    );
  });

  it('keeps patches inside the raster unless the raster is smaller than a patch', () => {
    fc.assert(
      fc.property(raster, patchOptions, (size, opts) => {
        const { patches } = planPatches(size, opts);
        const rowOk = (row: number) => (size.height >= opts.patchSize ? row >= 0 && row + opts.patchSize <= size.height : row === 0);
        const colOk = (col: number) => (size.width >= opts.patchSize ? col >= 0 && col + opts.patchSize <= size.width : col === 0);
        expect(patches.filter((p) => !rowOk(p.row) || !colOk(p.col))).toEqual([]);
      }),
    );
  });

  it('gives every pixel a core: weight 1 from some patch, unless within clip of an edge only one patch covers', () => {
    // with stride = patch - 2 * clip the cores tile the raster, as FTW's cropped patches do
    fc.assert(
      fc.property(raster, patchOptions, (size, opts) => {
        fc.pre(size.height >= opts.patchSize && size.width >= opts.patchSize);
        const inCore = (p: number, o: number, n: number) =>
          (p - o >= opts.clipSize || o === 0) && (o + opts.patchSize - 1 - p >= opts.clipSize || o + opts.patchSize === n);
        const rows = axisOrigins(size.height, opts);
        for (let p = 0; p < size.height; p++) expect(rows.some((o) => p >= o && p < o + opts.patchSize && inCore(p, o, size.height))).toBe(true);
      }),
    );
  });

  it('steps by patch - 2 * clip and shifts only the last patch inward', () => {
    expect(axisOrigins(1000, { patchSize: 256, clipSize: 32 })).toEqual([0, 192, 384, 576, 744]);
    expect(axisOrigins(256, { patchSize: 256, clipSize: 32 })).toEqual([0]);
    expect(axisOrigins(100, { patchSize: 256, clipSize: 32 })).toEqual([0]);
    expect(axisOrigins(257, { patchSize: 256, clipSize: 32 })).toEqual([0, 1]);
    expect(axisOrigins(10, { patchSize: 4, clipSize: 0 })).toEqual([0, 4, 6]);
  });

  it('reads a window that is the raster, or the raster itself when smaller than a patch', () => {
    expect(planPatches({ height: 1000, width: 300 }, { patchSize: 256, clipSize: 32 }).window).toEqual({ rowOff: 0, colOff: 0, height: 1000, width: 300 });
    const small = planPatches({ height: 30, width: 20 }, { patchSize: 64, clipSize: 8 });
    expect(small.window).toEqual({ rowOff: 0, colOff: 0, height: 30, width: 20 });
    expect(small.patches).toEqual([{ row: 0, col: 0 }]);
  });

  it('for a target window keeps exactly the patches of the whole grid that touch it, and reads their union', () => {
    const target = (size: { height: number; width: number }) =>
      fc.record({ rowOff: fc.nat(size.height - 1), colOff: fc.nat(size.width - 1) }).chain((o) =>
        fc.record({ rowOff: fc.constant(o.rowOff), colOff: fc.constant(o.colOff), height: fc.integer({ min: 1, max: size.height - o.rowOff }), width: fc.integer({ min: 1, max: size.width - o.colOff }) }),
      );
    fc.assert(
      fc.property(raster.chain((size) => fc.tuple(fc.constant(size), target(size), patchOptions)), ([size, t, opts]) => {
        const whole = planPatches(size, opts).patches;
        const part = planPatches(size, opts, t);
        const touches = (p: { row: number; col: number }) =>
          p.row < t.rowOff + t.height && p.row + opts.patchSize > t.rowOff && p.col < t.colOff + t.width && p.col + opts.patchSize > t.colOff;
        expect(part.patches).toEqual(whole.filter(touches));
        const w = part.window;
        expect(w.rowOff).toBe(Math.min(...part.patches.map((p) => p.row)));
        expect(w.colOff).toBe(Math.min(...part.patches.map((p) => p.col)));
        expect(w.rowOff + w.height).toBe(Math.min(size.height, Math.max(...part.patches.map((p) => p.row)) + opts.patchSize));
        expect(w.colOff + w.width).toBe(Math.min(size.width, Math.max(...part.patches.map((p) => p.col)) + opts.patchSize));
        expect(w.rowOff <= t.rowOff && w.colOff <= t.colOff && w.rowOff + w.height >= t.rowOff + t.height && w.colOff + w.width >= t.colOff + t.width).toBe(true);
      }),
    );
  });

  it('refuses a non-positive stride and a target outside the raster', () => {
    expect(() => planPatches({ height: 10, width: 10 }, { patchSize: 8, clipSize: 4 })).toThrow(/must exceed 2 \* clipSize/);
    expect(() => planPatches({ height: 10, width: 10 }, { patchSize: 8, clipSize: 1 }, { rowOff: 5, colOff: 0, height: 6, width: 1 })).toThrow(RangeError);
    expect(() => axisOrigins(0, { patchSize: 8, clipSize: 1 })).toThrow(RangeError);
  });
});

describe('edgeRamp', () => {
  it('rises linearly over the clip margin from 1/(clip+1) to 1, by hand', () => {
    expect(Array.from(edgeRamp({ patchSize: 8, clipSize: 3 }))).toEqual([0.25, 0.5, 0.75, 1, 1, 0.75, 0.5, 0.25]);
    expect(Array.from(edgeRamp({ patchSize: 3, clipSize: 0 }))).toEqual([1, 1, 1]);
  });
});
