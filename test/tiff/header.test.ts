import { describe, expect, it } from 'vitest';
import { readTiffHeader } from '../../src/tiff/header.js';
import { FieldType, Tag } from '../../src/tiff/tags.js';
import { memoryReader } from './memory-reader.js';
import { FLAVOURS, SAMPLE_METADATA, sampleCog, samplePlanar, sampleStriped } from './sample-tiffs.js';
import { fakeBlocks, imageTags, writeTiff } from './tiff-writer.js';

const name = (f: { littleEndian: boolean; bigTiff: boolean }) => `${f.bigTiff ? 'BigTIFF' : 'TIFF'} ${f.littleEndian ? 'II' : 'MM'}`;

describe.each(FLAVOURS)('readTiffHeader on a $bigTiff/$littleEndian file', (flavour) => {
  it(`reads every IFD of a COG (${name(flavour)})`, async () => {
    const written = sampleCog(flavour);
    const header = await readTiffHeader(memoryReader(written.bytes, { url: 'mem://cog.tif' }));
    expect(header).toMatchObject({ url: 'mem://cog.tif', littleEndian: flavour.littleEndian, bigTiff: flavour.bigTiff, fileSize: written.bytes.length });
    expect(header.images.map((i) => [i.ifdIndex, i.role, i.width, i.height])).toEqual([
      [0, 'full', 1536, 1536], [1, 'mask', 1536, 1536], [2, 'overview', 768, 768], [3, 'overview', 384, 384],
    ]);
    const full = header.images[0];
    expect(full).toMatchObject({
      tiled: true, blockWidth: 512, blockHeight: 512, bitsPerSample: [16], sampleFormat: [1], samplesPerPixel: 1,
      planarConfiguration: 1, compression: 8, predictor: 2, photometric: 1, extraSamples: [],
      gdalNodata: '0', gdalMetadata: SAMPLE_METADATA,
    });
    expect(full.blockOffsets).toEqual(written.blockOffsets[0]);
    expect(full.blockByteCounts).toEqual(new Array(9).fill(100));
    expect(header.images[1]).toMatchObject({ photometric: 4, predictor: 1, blockByteCounts: new Array(9).fill(10) });
    expect(header.images[3].blockOffsets).toEqual(written.blockOffsets[3]);
  });

  it(`decodes GeoTIFF tags and keys (${name(flavour)})`, async () => {
    const header = await readTiffHeader(memoryReader(sampleCog(flavour).bytes));
    expect(header.images[0].geo).toEqual({
      pixelScale: [10, 10, 0],
      tiepoint: [0, 0, 0, 600000, 5000040, 0],
      geoKeys: { 1024: 1, 1025: 1, 1026: 'WGS 84 / UTM zone 31N', 2057: 6378137, 3072: 32631 },
    });
    expect(header.images[2].geo).toBeUndefined();
  });

  it(`reads strips: block height is RowsPerStrip (${name(flavour)})`, async () => {
    const written = sampleStriped(flavour);
    const [image] = (await readTiffHeader(memoryReader(written.bytes))).images;
    expect(image).toMatchObject({ tiled: false, width: 100, height: 37, blockWidth: 100, blockHeight: 8, samplesPerPixel: 3, bitsPerSample: [8, 8, 8], photometric: 2 });
    expect(image.blockOffsets).toEqual(written.blockOffsets[0]);
    expect(image.blockByteCounts).toEqual(new Array(5).fill(2400));
  });

  it(`reads planar configuration 2: one block table per sample (${name(flavour)})`, async () => {
    const written = samplePlanar(flavour);
    const [image] = (await readTiffHeader(memoryReader(written.bytes))).images;
    expect(image).toMatchObject({ planarConfiguration: 2, samplesPerPixel: 3, bitsPerSample: [32, 32, 32], sampleFormat: [3, 3, 3], compression: 50000 });
    expect(image.blockOffsets).toEqual(written.blockOffsets[0]);
    expect(image.blockOffsets).toHaveLength(6);
  });
});

describe('readTiffHeader tag details', () => {
  it('caps a strip at the image height and defaults RowsPerStrip to one strip', async () => {
    for (const rowsPerStrip of [undefined, 1000]) {
      const bytes = writeTiff({ ifds: [{ tags: imageTags({ width: 10, height: 7, rowsPerStrip }), blocks: { tiled: false, data: fakeBlocks(1) } }] }).bytes;
      const [image] = (await readTiffHeader(memoryReader(bytes))).images;
      expect([image.blockWidth, image.blockHeight]).toEqual([10, 7]);
    }
  });

  it('applies TIFF 6.0 defaults when optional tags are missing', async () => {
    const tags = [
      { tag: Tag.ImageWidth, type: FieldType.SHORT, value: [20] },
      { tag: Tag.ImageLength, type: FieldType.SHORT, value: [10] },
    ];
    const bytes = writeTiff({ ifds: [{ tags, blocks: { tiled: false, data: fakeBlocks(1) } }] }).bytes;
    const [image] = (await readTiffHeader(memoryReader(bytes))).images;
    expect(image).toMatchObject({
      role: 'full', bitsPerSample: [1], sampleFormat: [1], samplesPerPixel: 1, planarConfiguration: 1,
      compression: 1, predictor: 1, photometric: 1, extraSamples: [], blockHeight: 10,
    });
    expect(image.geo).toBeUndefined();
    expect(image.jpegTables).toBeUndefined();
  });

  it('reads JPEGTables as bytes, LercParameters, ExtraSamples and a single BitsPerSample for all samples', async () => {
    const tables = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const tags = [
      ...imageTags({ width: 64, height: 64, tile: [64, 64], samplesPerPixel: 4, photometric: 2 }).filter((t) => t.tag !== Tag.BitsPerSample),
      { tag: Tag.BitsPerSample, type: FieldType.SHORT, value: [8] },
      { tag: Tag.ExtraSamples, type: FieldType.SHORT, value: [2] },
      { tag: Tag.JPEGTables, type: FieldType.UNDEFINED, value: tables },
      { tag: Tag.LercParameters, type: FieldType.LONG, value: [4, 2] },
    ];
    const bytes = writeTiff({ bigTiff: true, ifds: [{ tags, blocks: { tiled: true, data: fakeBlocks(1) } }] }).bytes;
    const [image] = (await readTiffHeader(memoryReader(bytes))).images;
    expect(image.bitsPerSample).toEqual([8, 8, 8, 8]);
    expect(image.extraSamples).toEqual([2]);
    expect(image.jpegTables).toEqual(tables);
    expect(image.lercParameters).toEqual([4, 2]);
  });

  it('strips trailing NULs from GDAL_NODATA, reads ModelTransformation and a sparse block', async () => {
    const matrix = [10, 0, 0, 500000, 0, -10, 0, 4000000, 0, 0, 0, 0, 0, 0, 0, 1];
    const tags = [
      ...imageTags({ width: 32, height: 16, tile: [16, 16] }),
      { tag: Tag.GdalNodata, type: FieldType.ASCII, value: '-9999\0\0\0' },
      { tag: Tag.ModelTransformation, type: FieldType.DOUBLE, value: matrix },
      { tag: Tag.TileOffsets, type: FieldType.LONG, value: [0, 8] },
      { tag: Tag.TileByteCounts, type: FieldType.LONG, value: [0, 4] },
    ];
    const [image] = (await readTiffHeader(memoryReader(writeTiff({ ifds: [{ tags }] }).bytes))).images;
    expect(image.gdalNodata).toBe('-9999');
    expect(image.geo).toEqual({ modelTransformation: matrix, geoKeys: {} });
    expect(image.blockOffsets).toEqual([0, 8]);
  });

  it('reads a mask of an overview (NewSubfileType 5) as a mask overview, never the image mask (GDAL)', async () => {
    const bytes = writeTiff({ ifds: [{ tags: imageTags({ width: 8, height: 8, tile: [16, 16], newSubfileType: 5 }), blocks: { tiled: true, data: fakeBlocks(1) } }] }).bytes;
    expect((await readTiffHeader(memoryReader(bytes))).images[0].role).toBe('mask-overview');
  });

  it('works without a file size: a reader that cannot tell it', async () => {
    const written = sampleCog({ littleEndian: true, bigTiff: false });
    const header = await readTiffHeader(memoryReader(written.bytes, { knowsSize: false }));
    // the file is smaller than the first read, so the short read tells the size
    expect(header.fileSize).toBe(written.bytes.length);
    expect(header.images).toHaveLength(4);
  });
});
