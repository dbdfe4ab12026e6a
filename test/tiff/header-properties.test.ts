/**
 * Properties: any image the test writer can describe reads back as described, in any
 * flavour and however far apart its parts lie; the read-ahead returns the file's bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTiffHeader } from '../../src/tiff/header.js';
import { ReadAhead } from '../../src/tiff/readahead.js';
import { memoryReader } from './memory-reader.js';
import { fakeBlocks, imageTags, writeTiff } from './tiff-writer.js';

const imageArb = fc.record({
  width: fc.integer({ min: 1, max: 3000 }),
  height: fc.integer({ min: 1, max: 3000 }),
  tiled: fc.boolean(),
  tile: fc.constantFrom(16, 128, 256, 512),
  rowsPerStrip: fc.integer({ min: 1, max: 4000 }),
  samples: fc.integer({ min: 1, max: 5 }),
  planar: fc.constantFrom(1, 2),
  bits: fc.constantFrom(8, 16, 32, 64),
  littleEndian: fc.boolean(),
  bigTiff: fc.boolean(),
  padBefore: fc.constantFrom(0, 0, 40_000, 100_000),
  valuesPadBefore: fc.constantFrom(0, 0, 70_000),
});

describe('readTiffHeader properties', () => {
  it('reads back any image as written', async () => {
    await fc.assert(fc.asyncProperty(imageArb, async (p) => {
      const blockWidth = p.tiled ? p.tile : p.width;
      const blockHeight = p.tiled ? p.tile : Math.min(p.rowsPerStrip, p.height);
      const planes = p.planar === 2 ? p.samples : 1;
      const blocks = Math.ceil(p.width / blockWidth) * Math.ceil(p.height / blockHeight) * planes;
      const tags = imageTags({
        width: p.width, height: p.height, samplesPerPixel: p.samples, planar: p.planar, bitsPerSample: p.bits,
        ...(p.tiled ? { tile: [p.tile, p.tile] as const } : { rowsPerStrip: p.rowsPerStrip }),
      });
      const ifd = { tags, blocks: { tiled: p.tiled, data: fakeBlocks(blocks, 1) }, padBefore: p.padBefore, valuesPadBefore: p.valuesPadBefore };
      const written = writeTiff({ littleEndian: p.littleEndian, bigTiff: p.bigTiff, ifds: [ifd] });
      const reader = memoryReader(written.bytes);
      const [image] = (await readTiffHeader(reader)).images;
      expect(image).toMatchObject({ width: p.width, height: p.height, tiled: p.tiled, blockWidth, blockHeight, samplesPerPixel: p.samples });
      expect(image.planarConfiguration).toBe(p.samples === 1 ? 1 : p.planar);
      expect(image.bitsPerSample).toEqual(new Array(p.samples).fill(p.bits));
      expect(image.blockOffsets).toEqual(written.blockOffsets[0]);
      // one IFD: the first read, at most one for the IFD, at most one for its values
      expect(reader.calls.length).toBeLessThanOrEqual(3);
    }), { numRuns: 150 });
  });
});

describe('ReadAhead properties', () => {
  it('returns exactly the file bytes for any covered range, after any fetches', async () => {
    const size = 5000;
    const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) & 0xff);
    const range = fc.record({ offset: fc.integer({ min: 0, max: size + 100 }), length: fc.integer({ min: 0, max: 700 }), readAhead: fc.boolean() });
    await fc.assert(fc.asyncProperty(fc.array(fc.array(range, { maxLength: 5 }), { maxLength: 6 }), fc.integer({ min: 1, max: 2000 }), async (batches, initialBytes) => {
      const reader = memoryReader(bytes, { knowsSize: false });
      const source = await ReadAhead.open(reader, { initialBytes });
      for (const batch of batches) await source.fetch(batch);
      expect(reader.calls.length).toBeLessThanOrEqual(1 + batches.length);
      for (const r of batches.flat()) {
        if (r.offset + r.length <= size && source.covers(r.offset, r.length)) {
          expect(source.bytes(r.offset, r.length, 'x')).toEqual(bytes.subarray(r.offset, r.offset + r.length));
        }
      }
      for (const call of reader.calls.slice(1)) {
        // a batch asks for disjoint, sorted ranges it did not have
        call.forEach((r, i) => i > 0 && expect(r.offset).toBeGreaterThan(call[i - 1].offset + call[i - 1].length));
      }
    }), { numRuns: 300 });
  });
});
