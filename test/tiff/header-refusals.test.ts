/**
 * Files the parser must refuse with a FormatError that names the file: never a
 * TypeError, RangeError, hang or huge allocation.
 */
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { readTiffHeader, type ReadTiffHeaderOptions } from '../../src/tiff/header.js';
import { FieldType, Tag } from '../../src/tiff/tags.js';
import { memoryReader } from './memory-reader.js';
import { geoTags, sampleCog } from './sample-tiffs.js';
import { fakeBlocks, imageTags, patchEntry, writeTiff, type IfdSpec, type TagSpec } from './tiff-writer.js';

const URL = 'mem://hostile.tif';

async function expectRefusal(bytes: Uint8Array, reason: RegExp, options?: ReadTiffHeaderOptions & { knowsSize?: boolean }): Promise<void> {
  const error = await readTiffHeader(memoryReader(bytes, { url: URL, knowsSize: options?.knowsSize }), options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FormatError);
  const message = (error as FormatError).message;
  expect(message).toContain(URL);
  expect(message).toMatch(reason);
}

function oneImage(tags: TagSpec[], extra: Partial<IfdSpec> = {}, flavour = {}) {
  return writeTiff({ ...flavour, ifds: [{ tags, ...extra }] });
}

const plain = () => imageTags({ width: 32, height: 32, tile: [16, 16] });
const blocks4 = { blocks: { tiled: true, data: fakeBlocks(4) } };

describe('readTiffHeader refuses', () => {
  it.each([
    ['a PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]), /not a TIFF file: it starts with bytes 89 50 4e 47/],
    ['an empty file', new Uint8Array(0), /past the end of the file \(0 bytes\)/],
    ['a 3-byte file', Uint8Array.from([0x49, 0x49, 42]), /truncated/],
    ['version 44', Uint8Array.from([0x49, 0x49, 44, 0, 8, 0, 0, 0]), /version 44/],
    ['a BigTIFF with 4-byte offsets', Uint8Array.from([0x49, 0x49, 43, 0, 4, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0]), /offset size is not 8/],
    ['no IFD', Uint8Array.from([0x4d, 0x4d, 0, 42, 0, 0, 0, 0]), /no IFD/],
    ['an IFD inside the header', Uint8Array.from([0x49, 0x49, 42, 0, 4, 0, 0, 0]), /points into the file header/],
    ['an IFD past the end', Uint8Array.from([0x49, 0x49, 42, 0, 0, 1, 0, 0]), /IFD 0 at bytes 256-257 lies past the end of the file \(8 bytes\)/],
  ])('%s', async (_, bytes, reason) => {
    await expectRefusal(bytes, reason);
  });

  it('a BigTIFF offset beyond any real file', async () => {
    const bytes = Uint8Array.from([0x49, 0x49, 43, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40]);
    await expectRefusal(bytes, /beyond any real file/);
  });

  it('an IFD chain that loops back to itself or to an earlier IFD', async () => {
    await expectRefusal(writeTiff({ ifds: [{ tags: plain(), ...blocks4, nextIfd: 8 }] }).bytes, /IFD 1 at byte 8 was already read: the IFD chain loops/);
    const two = writeTiff({ ifds: [{ tags: plain(), ...blocks4 }, { tags: plain(), ...blocks4, nextIfd: 8 }] });
    await expectRefusal(two.bytes, /IFD 2 at byte 8 was already read/);
  });

  it('more IFDs than the cap', async () => {
    const ifds = Array.from({ length: 1025 }, () => ({ tags: imageTags({ width: 1, height: 1 }), blocks: { tiled: false, data: fakeBlocks(1, 1) } }));
    await expectRefusal(writeTiff({ ifds }).bytes, /more than 1024 IFDs/);
    await expectRefusal(writeTiff({ ifds: ifds.slice(0, 4) }).bytes, /more than 3 IFDs/, { maxIfds: 3 });
  });

  it('an IFD with an absurd entry count', async () => {
    const bytes = writeTiff({ ifds: [{ tags: plain(), ...blocks4 }] }).bytes;
    new DataView(bytes.buffer).setUint16(8, 60000, true);
    await expectRefusal(bytes, /claims 60000 entries/);
  });

  it('a tag whose count is absurd, with and without a known file size', async () => {
    const written = writeTiff({ ifds: [{ tags: plain(), ...blocks4 }] });
    const bytes = patchEntry(written, {}, 0, Tag.TileOffsets, { count: 0xffffffff });
    await expectRefusal(bytes, /TileOffsets \(324\) claims 4294967295 values, more than the 268435456-byte cap/);
    const fourMillion = patchEntry(written, {}, 0, Tag.TileOffsets, { count: 4_000_000 });
    await expectRefusal(fourMillion, /TileOffsets \(324\) points at bytes .* past the end of the file/);
    await expectRefusal(fourMillion, /past the end of the file/, { knowsSize: false });
  });

  it('a tag value past the end of the file', async () => {
    const written = writeTiff({ ifds: [{ tags: [...plain(), ...geoTags()], ...blocks4 }] });
    await expectRefusal(patchEntry(written, {}, 0, Tag.ModelTiepoint, { valueField: 1_000_000 }), /ModelTiepoint \(33922\) points at bytes 1000000-1000047, past the end/);
  });

  it.each([
    ['TileOffsets as DOUBLE', Tag.TileOffsets, FieldType.DOUBLE, /TileOffsets \(324\) has field type DOUBLE \(12\), which TIFF does not allow/],
    ['ImageWidth as ASCII', Tag.ImageWidth, FieldType.ASCII, /ImageWidth \(256\) has field type ASCII/],
    ['a known tag of undefined type 0', Tag.Compression, 0, /Compression \(259\) has unknown type 0, which TIFF does not define/],
    ['a known tag of undefined type 99', Tag.TileWidth, 99, /TileWidth \(322\) has unknown type 99/],
  ])('%s', async (_, tag, type, reason) => {
    await expectRefusal(patchEntry(writeTiff({ ifds: [{ tags: plain(), ...blocks4 }] }), {}, 0, tag, { type }), reason);
  });

  it.each([
    ['zero width', { width: 0, height: 32, tile: [16, 16] as const }, /ImageWidth \(256\) is 0/],
    ['a width beyond 2^31-1', { width: 2 ** 31, height: 1, tile: [16, 16] as const }, /ImageWidth \(256\) is 2147483648/],
    ['a zero tile width', { width: 32, height: 32, tile: [0, 16] as const }, /TileWidth \(322\) is 0/],
    ['a tile wider than 65536', { width: 32, height: 32, tile: [70000, 16] as const }, /TileWidth \(322\) is 70000/],
  ])('%s', async (_, sizes, reason) => {
    await expectRefusal(oneImage(imageTags(sizes), blocks4).bytes, reason);
  });

  it('a missing ImageLength, TileLength or byte counts', async () => {
    await expectRefusal(oneImage(plain().filter((t) => t.tag !== Tag.ImageLength), blocks4).bytes, /ImageLength \(257\) is missing/);
    await expectRefusal(oneImage(plain().filter((t) => t.tag !== Tag.TileLength), blocks4).bytes, /TileLength \(323\) is missing/);
    const noCounts = [...plain(), { tag: Tag.TileOffsets, type: FieldType.LONG, value: [8, 8, 8, 8] }];
    await expectRefusal(oneImage(noCounts).bytes, /TileByteCounts \(325\) is missing/);
    await expectRefusal(oneImage(imageTags({ width: 5, height: 5 })).bytes, /StripOffsets \(273\) is missing/);
  });

  it('a block table of the wrong length', async () => {
    await expectRefusal(oneImage(plain(), { blocks: { tiled: true, data: fakeBlocks(3) } }).bytes, /TileOffsets \(324\) has 3 values; a 32x32 image in 16x16 blocks needs 4/);
    const planar = imageTags({ width: 32, height: 32, tile: [16, 16], samplesPerPixel: 2, planar: 2 });
    await expectRefusal(oneImage(planar, blocks4).bytes, /has 4 values; a 32x32 image in 16x16 blocks with 2 planes needs 8/);
  });

  it('a PlanarConfiguration other than 1 or 2, zero RowsPerStrip, zero BitsPerSample', async () => {
    await expectRefusal(oneImage(imageTags({ width: 32, height: 32, tile: [16, 16], samplesPerPixel: 2, planar: 3 }), blocks4).bytes, /PlanarConfiguration \(284\) is 3/);
    await expectRefusal(oneImage(imageTags({ width: 4, height: 4, rowsPerStrip: 0 }), { blocks: { tiled: false, data: fakeBlocks(1) } }).bytes, /RowsPerStrip \(278\) is 0/);
    await expectRefusal(oneImage(imageTags({ width: 32, height: 32, tile: [16, 16], bitsPerSample: 0 }), blocks4).bytes, /BitsPerSample \(258\) 0 is out of range/);
  });

  it('block tables of a type libtiff cannot load, and a PlanarConfiguration libtiff refuses even for one sample (found by the SQL fuzz)', async () => {
    const written = writeTiff({ ifds: [{ tags: plain(), ...blocks4 }] });
    await expectRefusal(patchEntry(written, {}, 0, Tag.TileOffsets, { type: FieldType.BYTE }), /TileOffsets \(324\) has field type BYTE \(1\), which TIFF does not allow/);
    await expectRefusal(patchEntry(written, {}, 0, Tag.TileByteCounts, { type: FieldType.SSHORT }), /TileByteCounts \(325\) has field type SSHORT \(8\)/);
    const tags = [...plain().filter((t) => t.tag !== Tag.PlanarConfiguration), { tag: Tag.PlanarConfiguration, type: FieldType.SHORT, value: [32] }];
    await expectRefusal(oneImage(tags, blocks4).bytes, /IFD 0: PlanarConfiguration \(284\) is 32; TIFF 6.0 defines only 1 \(chunky\) and 2 \(planar\)/);
  });

  it('a SamplesPerPixel no SHORT can hold (a LONG8 found by the fuzzer)', async () => {
    const tags = [...plain().filter((t) => t.tag !== Tag.SamplesPerPixel), { tag: Tag.SamplesPerPixel, type: FieldType.LONG8, value: [2 ** 40] }];
    await expectRefusal(oneImage(tags, blocks4).bytes, /IFD 0: SamplesPerPixel \(277\) is 1099511627776, out of range for a SHORT tag \(0..65535\)/);
  });

  it('describes a file whose last block lies past its end, as GDAL does (only reading that block fails)', async () => {
    const tags = [...plain(), { tag: Tag.TileOffsets, type: FieldType.LONG, value: [8, 8, 8, 9000] }, { tag: Tag.TileByteCounts, type: FieldType.LONG, value: [1, 1, 1, 1] }];
    const header = await readTiffHeader(memoryReader(oneImage(tags).bytes, { url: URL }));
    expect(header.images[0].blockOffsets).toEqual([8, 8, 8, 9000]);
  });

  it('refuses a block span beyond any addressable size', async () => {
    const tags = [...plain(), { tag: Tag.TileOffsets, type: FieldType.DOUBLE, value: [8, 8, 8, 2 ** 60] }, { tag: Tag.TileByteCounts, type: FieldType.LONG, value: [1, 1, 1, 1] }];
    await expectRefusal(oneImage(tags).bytes, /TileOffsets|beyond any file size/);
  });

  it.each([
    ['too few values', [1, 1, 0], /3 values are too few/],
    ['version 2', [2, 1, 0, 0], /KeyDirectoryVersion 2 is not 1/],
    ['more keys than entries', [1, 1, 0, 3, 1024, 0, 1, 1], /lists 3 keys but holds 1/],
    ['a bogus location', [1, 1, 0, 1, 1024, 999, 1, 0], /key 1024: its values are in tag 999/],
    ['a double index outside GeoDoubleParams', [1, 1, 0, 1, 2057, 34736, 1, 5], /key 2057: values 5..5 are outside GeoDoubleParams/],
    ['ascii outside GeoAsciiParams', [1, 1, 0, 1, 1026, 34737, 50, 0], /key 1026: characters 0..49 are outside GeoAsciiParams/],
  ])('a GeoKeyDirectory with %s', async (_, directory, reason) => {
    const tags = [...plain(), { tag: Tag.GeoKeyDirectory, type: FieldType.SHORT, value: directory }];
    await expectRefusal(oneImage(tags, blocks4).bytes, reason);
  });

  it('a truncated COG, cut anywhere in its header', async () => {
    const bytes = sampleCog({ littleEndian: false, bigTiff: true }).bytes;
    for (let cut = 0; cut < 1400; cut += 7) {
      await expectRefusal(bytes.slice(0, cut), /truncated|past the end|no IFD|not a TIFF/);
    }
  });
});

describe('readTiffHeader tolerates', () => {
  it('unknown tags of unknown types (TIFF 6.0: readers skip them)', async () => {
    const tags: TagSpec[] = [...plain(), { tag: 65000, type: 99, value: Uint8Array.from([1, 2, 3, 4]) }];
    const [image] = (await readTiffHeader(memoryReader(oneImage(tags, blocks4).bytes))).images;
    expect(image.width).toBe(32);
  });

  it('a huge unknown tag whose value lies past the end (never read)', async () => {
    const written = oneImage([...plain(), { tag: 65001, type: FieldType.LONG, value: [1, 2] }], blocks4);
    const bytes = patchEntry(written, {}, 0, 65001, { count: 0xffffffff, valueField: 0xfffffff0 });
    expect((await readTiffHeader(memoryReader(bytes))).images).toHaveLength(1);
  });
});
