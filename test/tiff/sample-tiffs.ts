/**
 * TIFFs the tests build: a small COG as GDAL lays it out (full resolution, its mask, two
 * overviews), a striped GeoTIFF, and a planar one. Expected values are written here by
 * hand, never read back from the parser.
 */
import { FieldType, Tag } from '../../src/tiff/tags.js';
import { fakeBlocks, imageTags, writeTiff, type IfdSpec, type TagSpec, type WrittenTiff } from './tiff-writer.js';

/** Byte order and flavour of a sample. */
export interface Flavour {
  readonly littleEndian: boolean;
  readonly bigTiff: boolean;
}

export const FLAVOURS: readonly Flavour[] = [
  { littleEndian: true, bigTiff: false },
  { littleEndian: false, bigTiff: false },
  { littleEndian: true, bigTiff: true },
  { littleEndian: false, bigTiff: true },
];

/** GDAL_METADATA as GDAL writes it for a band with scale and offset. */
export const SAMPLE_METADATA =
  '<GDALMetadata>\n  <Item name="OFFSET" sample="0" role="offset">-0.1</Item>\n  <Item name="SCALE" sample="0" role="scale">0.0001</Item>\n</GDALMetadata>\n';

/** UTM 31N, PixelIsArea, with a GTCitation in GeoAsciiParams and a double in GeoDoubleParams. */
export function geoTags(): TagSpec[] {
  return [
    { tag: Tag.ModelPixelScale, type: FieldType.DOUBLE, value: [10, 10, 0] },
    { tag: Tag.ModelTiepoint, type: FieldType.DOUBLE, value: [0, 0, 0, 600000, 5000040, 0] },
    {
      tag: Tag.GeoKeyDirectory,
      type: FieldType.SHORT,
      value: [1, 1, 0, 5, 1024, 0, 1, 1, 1025, 0, 1, 1, 1026, 34737, 22, 0, 2057, 34736, 1, 0, 3072, 0, 1, 32631],
    },
    { tag: Tag.GeoDoubleParams, type: FieldType.DOUBLE, value: [6378137] },
    { tag: Tag.GeoAsciiParams, type: FieldType.ASCII, value: 'WGS 84 / UTM zone 31N|' },
  ];
}

/** A 1536x1536 uint16 COG in 512 tiles: IFD 0 full res, IFD 1 its mask, IFDs 2-3 overviews. */
export function sampleCog(flavour: Flavour): WrittenTiff {
  const deflate = { compression: 8, predictor: 2, bitsPerSample: 16 };
  const ifds: IfdSpec[] = [
    {
      tags: [
        ...imageTags({ width: 1536, height: 1536, tile: [512, 512], ...deflate }),
        ...geoTags(),
        { tag: Tag.GdalNodata, type: FieldType.ASCII, value: '0' },
        { tag: Tag.GdalMetadata, type: FieldType.ASCII, value: SAMPLE_METADATA },
      ],
      blocks: { tiled: true, data: fakeBlocks(9, 100) },
    },
    { tags: imageTags({ width: 1536, height: 1536, tile: [512, 512], compression: 8, photometric: 4, newSubfileType: 4 }), blocks: { tiled: true, data: fakeBlocks(9, 10) } },
    { tags: imageTags({ width: 768, height: 768, tile: [512, 512], newSubfileType: 1, ...deflate }), blocks: { tiled: true, data: fakeBlocks(4, 50) } },
    { tags: imageTags({ width: 384, height: 384, tile: [512, 512], newSubfileType: 1, ...deflate }), blocks: { tiled: true, data: fakeBlocks(1, 50) } },
  ];
  return writeTiff({ ...flavour, ifds });
}

/** A 100x37 RGB striped image, 8 rows per strip (5 strips, the last one short). */
export function sampleStriped(flavour: Flavour): WrittenTiff {
  return writeTiff({
    ...flavour,
    ifds: [{ tags: imageTags({ width: 100, height: 37, rowsPerStrip: 8, samplesPerPixel: 3, photometric: 2 }), blocks: { tiled: false, data: fakeBlocks(5, 2400) } }],
  });
}

/** A 300x200 float32 image, 3 bands planar, 256x256 tiles: 2 x 1 tiles x 3 planes. */
export function samplePlanar(flavour: Flavour): WrittenTiff {
  const tags = imageTags({ width: 300, height: 200, tile: [256, 256], samplesPerPixel: 3, planar: 2, bitsPerSample: 32, sampleFormat: 3, compression: 50000 });
  return writeTiff({ ...flavour, ifds: [{ tags, blocks: { tiled: true, data: fakeBlocks(6, 8) } }] });
}
