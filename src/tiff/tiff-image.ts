/**
 * The parsed form of a TIFF: plain readonly data, everything a reader needs to fetch and
 * decode any block of any IFD exactly, and nothing that needs the file again.
 */

/**
 * What an IFD holds, from NewSubfileType (tag 254): bit 0 = reduced resolution, bit 2 = mask;
 * both set is an overview of the mask, whatever its size (GDAL's ScanDirectories rule).
 */
export type ImageRole = 'full' | 'overview' | 'mask' | 'mask-overview';

/** GeoTIFF georeferencing exactly as stored in the file's tags (not yet interpreted). */
export interface GeoTags {
  /** ModelPixelScaleTag (33550): [sx, sy, sz]. */
  readonly pixelScale?: readonly number[];
  /** ModelTiepointTag (33922): [i, j, k, x, y, z] repeated. */
  readonly tiepoint?: readonly number[];
  /** ModelTransformationTag (34264): 16 values, row-major 4x4. */
  readonly modelTransformation?: readonly number[];
  /** GeoKeyDirectoryTag (34735) decoded: key id -> number, number[] or string. */
  readonly geoKeys: Readonly<Record<number, number | readonly number[] | string>>;
}

/** One IFD: a full-resolution image, an overview or a mask. */
export interface TiffImage {
  /** Position of this IFD in the file's chain (0 = first). */
  readonly ifdIndex: number;
  readonly role: ImageRole;
  readonly width: number;
  readonly height: number;
  /** True for tiled (TileWidth present); false for strips. */
  readonly tiled: boolean;
  /** Block size: TileWidth x TileLength, or width x RowsPerStrip (capped at height) for strips. */
  readonly blockWidth: number;
  readonly blockHeight: number;
  /** BitsPerSample per sample (tag 258). */
  readonly bitsPerSample: readonly number[];
  /** SampleFormat per sample (tag 339): 1 uint, 2 int, 3 float; absent = 1. */
  readonly sampleFormat: readonly number[];
  readonly samplesPerPixel: number;
  /** 1 = pixel-interleaved (chunky), 2 = band-interleaved (planar). */
  readonly planarConfiguration: number;
  /** TIFF compression code (tag 259). */
  readonly compression: number;
  /** 1 none, 2 horizontal, 3 floating point (tag 317); absent = 1. */
  readonly predictor: number;
  readonly photometric: number;
  readonly extraSamples: readonly number[];
  /**
   * Offsets and byte counts of every block, in file order: row-major, and for planar
   * configuration 2 all blocks of sample 0 first, then sample 1... (TIFF 6.0 section 15).
   * 0/0 is a sparse block (GDAL SPARSE_OK), read as nodata or 0.
   */
  readonly blockOffsets: readonly number[];
  readonly blockByteCounts: readonly number[];
  /** JPEGTables (tag 347), the abbreviated-stream tables every JPEG tile needs. */
  readonly jpegTables?: Uint8Array;
  /** LercParameters (tag 50674): [version, additional compression (0 none, 1 deflate, 2 zstd)]. */
  readonly lercParameters?: readonly number[];
  /** GDAL_NODATA (tag 42113) as written: a decimal string, "nan", "inf"... */
  readonly gdalNodata?: string;
  /** GDAL_METADATA (tag 42112) XML, source of per-band scale/offset. */
  readonly gdalMetadata?: string;
  /** ColorMap (tag 320) of a palette image: 3 x 2^bits SHORTs, all reds, then greens, then blues. */
  readonly colorMap?: readonly number[];
  /** Georeferencing tags; usually present only on the first IFD. */
  readonly geo?: GeoTags;
}

/** A parsed TIFF: byte order, flavour and every IFD in chain order. */
export interface TiffHeader {
  readonly url: string;
  readonly littleEndian: boolean;
  readonly bigTiff: boolean;
  readonly images: readonly TiffImage[];
  /** File size when the reader knew it. */
  readonly fileSize?: number;
}
