/**
 * How many `read` calls a header costs: one for a COG, one more per IFD level whose bytes
 * lie beyond what was read, each batching all that level's missing values.
 */
import { describe, expect, it } from 'vitest';
import { readTiffHeader } from '../../src/tiff/header.js';
import { FieldType, Tag } from '../../src/tiff/tags.js';
import { memoryReader } from './memory-reader.js';
import { FLAVOURS, geoTags, sampleCog } from './sample-tiffs.js';
import { fakeBlocks, imageTags, writeTiff, type IfdSpec } from './tiff-writer.js';

const KiB = 1024;

function tiledIfd(extra: Partial<IfdSpec> = {}, tiles = 4): IfdSpec {
  return { tags: [...imageTags({ width: 1024, height: 256 * Math.ceil(tiles / 4), tile: [256, 256] }), ...geoTags()], blocks: { tiled: true, data: fakeBlocks(tiles) }, ...extra };
}

describe('readTiffHeader read rounds', () => {
  it.each(FLAVOURS)('reads a whole COG header in one call of 32 KiB (%o)', async (flavour) => {
    const reader = memoryReader(sampleCog(flavour).bytes);
    await readTiffHeader(reader);
    expect(reader.calls).toEqual([[{ offset: 0, length: 32 * KiB }]]);
  });

  it('fetches an IFD beyond the read-ahead, with its values, in exactly one more call', async () => {
    const written = writeTiff({ ifds: [tiledIfd(), tiledIfd({ padBefore: 100 * KiB })] });
    const reader = memoryReader(written.bytes);
    const header = await readTiffHeader(reader);
    expect(header.images).toHaveLength(2);
    expect(reader.calls).toHaveLength(2);
    // the second read starts at IFD 1 and reads ahead 64 KiB (double the first), capped at the file end
    const [range] = reader.calls[1];
    expect(range.offset).toBe(written.ifdOffsets[1]);
    expect(range.length).toBe(Math.min(64 * KiB, written.bytes.length - range.offset));
    expect(header.images[1].blockOffsets).toEqual(written.blockOffsets[1]);
  });

  it('costs one more call per IFD level beyond the read-ahead', async () => {
    const ifds = [tiledIfd(), tiledIfd({ padBefore: 100 * KiB }), tiledIfd({ padBefore: 200 * KiB }), tiledIfd({ padBefore: 300 * KiB })];
    const reader = memoryReader(writeTiff({ ifds }).bytes);
    expect((await readTiffHeader(reader)).images).toHaveLength(4);
    expect(reader.calls).toHaveLength(4);
  });

  it('batches all out-of-line values beyond the read-ahead into one call', async () => {
    const written = writeTiff({ bigTiff: true, ifds: [tiledIfd({ valuesPadBefore: 40 * KiB })] });
    const reader = memoryReader(written.bytes);
    const [image] = (await readTiffHeader(reader)).images;
    expect(reader.calls).toHaveLength(2);
    expect(reader.calls[1].every((r) => r.offset >= 32 * KiB)).toBe(true);
    expect(image.blockOffsets).toEqual(written.blockOffsets[0]);
    expect(image.geo?.geoKeys[3072]).toBe(32631);
  });

  it('batches the next IFD with this level\'s missing values', async () => {
    const ifds = [tiledIfd({ valuesPadBefore: 40 * KiB }), tiledIfd({ padBefore: 10 * KiB })];
    const written = writeTiff({ ifds });
    const reader = memoryReader(written.bytes);
    await readTiffHeader(reader);
    expect(reader.calls).toHaveLength(2);
    expect(reader.calls[1].some((r) => r.offset === written.ifdOffsets[1])).toBe(true);
  });

  it('makes one more call when an IFD\'s tile table outgrows its read-ahead', async () => {
    // 4096 tiles: 16 KiB of offsets and 16 KiB of counts, far from the IFD
    const ifds = [tiledIfd(), tiledIfd({ padBefore: 100 * KiB, valuesPadBefore: 200 * KiB }, 4096)];
    const written = writeTiff({ ifds });
    const reader = memoryReader(written.bytes);
    const header = await readTiffHeader(reader);
    expect(reader.calls).toHaveLength(3);
    expect(header.images[1].blockOffsets).toEqual(written.blockOffsets[1]);
  });

  it('never asks for bytes past a known end of file', async () => {
    const written = writeTiff({ ifds: [tiledIfd(), tiledIfd({ padBefore: 40 * KiB })] });
    const reader = memoryReader(written.bytes);
    await readTiffHeader(reader);
    for (const range of reader.calls.slice(1).flat()) {
      expect(range.offset + range.length).toBeLessThanOrEqual(written.bytes.length);
    }
  });

  it('honours a smaller first read: the IFD beyond it costs one call', async () => {
    const reader = memoryReader(sampleCog({ littleEndian: true, bigTiff: false }).bytes);
    await readTiffHeader(reader, { initialBytes: 16 });
    expect(reader.calls[0]).toEqual([{ offset: 0, length: 16 }]);
    expect(reader.calls).toHaveLength(2);
  });

  it('reads a libtiff-style file whose IFD follows the image data', async () => {
    const tags = [...imageTags({ width: 10, height: 10 }), { tag: Tag.StripOffsets, type: FieldType.LONG, value: [8] }, { tag: Tag.StripByteCounts, type: FieldType.LONG, value: [100 * KiB] }];
    const reader = memoryReader(writeTiff({ ifds: [{ tags, padBefore: 100 * KiB }] }).bytes);
    const [image] = (await readTiffHeader(reader)).images;
    expect(image.blockByteCounts).toEqual([100 * KiB]);
    expect(reader.calls).toHaveLength(2);
  });
});
