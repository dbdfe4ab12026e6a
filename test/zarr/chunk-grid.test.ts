import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignedChunks, copyBox, gridCoords, linearIndex } from '../../src/zarr/chunk-grid.js';

// An n-d shape, a box inside it and a destination offset, for 1 to 4 dimensions
const boxCase = fc.integer({ min: 1, max: 4 }).chain((rank) => fc.tuple(
  fc.array(fc.integer({ min: 1, max: 6 }), { minLength: rank, maxLength: rank }),
  fc.array(fc.nat(), { minLength: rank, maxLength: rank }),
  fc.array(fc.nat(), { minLength: rank, maxLength: rank }),
  fc.array(fc.nat(), { minLength: rank, maxLength: rank }),
).map(([shape, a, b, c]) => {
  const start = shape.map((n, i) => a[i] % n);
  const box = shape.map((n, i) => 1 + (b[i] % (n - start[i])));
  const dstShape = box.map((n, i) => n + (c[i] % 3));
  const dstStart = box.map((n, i) => c[i] % (dstShape[i] - n + 1));
  return { shape, start, box, dstShape, dstStart };
}));

describe('copyBox', () => {
  it('moves each sample of the box to the same relative place, and nothing else', () => {
    fc.assert(fc.property(boxCase, ({ shape, start, box, dstShape, dstStart }) => {
      const src = Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1);
      const dst = new Float64Array(dstShape.reduce((a, b) => a * b, 1));
      copyBox(src, shape, start, dst, dstShape, dstStart, box);
      const want = new Float64Array(dst.length);
      for (const rel of gridCoords(box)) {
        want[linearIndex(rel.map((r, i) => r + dstStart[i]), dstShape)] = src[linearIndex(rel.map((r, i) => r + start[i]), shape)];
      }
      expect(dst).toEqual(want);
    }));
  });
});

describe('alignedChunks', () => {
  it('covers the chunks a chunk-aligned region touches, once each', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 9 }), fc.nat(), fc.nat(), (n, chunk, a, b) => {
      const chunks = Math.ceil(n / chunk);
      const [from, to] = [a % chunks, a % chunks + 1 + (b % (chunks - (a % chunks)))];
      const region = { start: [from * chunk], shape: [Math.min(to * chunk, n) - from * chunk] };
      expect(alignedChunks(region, [n], [chunk])).toEqual({ start: [from], shape: [to - from] });
    }));
  });

  it('refuses regions that cut a chunk', () => {
    expect(() => alignedChunks({ start: [0, 3], shape: [4, 4] }, [8, 8], [4, 4])).toThrow(/region 3:7 of dimension 1 is not aligned to chunks of 4/);
    expect(() => alignedChunks({ start: [0, 0], shape: [4, 6] }, [8, 8], [4, 4])).toThrow(/region 0:6 of dimension 1 is not aligned/);
  });
});
