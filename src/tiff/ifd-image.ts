/**
 * Turning an IFD's decoded tags into a TiffImage, with the checks that make the block
 * table trustworthy: sizes present and sane, one offset and byte count per block.
 */
import type { GeoTags, ImageRole, TiffImage } from './tiff-image.js';
import { decodeGeoKeys } from './geo-keys.js';
import { Tag, tagName } from './tags.js';
import { bytesOf, numbersOf, textOf, type DecodedTags } from './tag-values.js';
import { tiffError } from './tiff-error.js';

/** Where an IFD sits, for messages and end-of-file checks. */
export interface ImageContext {
  readonly url: string;
  readonly ifdIndex: number;
  readonly fileSize?: number;
}

// GDAL keeps sizes in C ints; tiles beyond 65536 pixels a side exist in no writer we know
const MAX_IMAGE_SIDE = 2 ** 31 - 1;
const MAX_TILE_SIDE = 65536;
// Complex float64 (GDAL CFloat64) is the widest sample: 128 bits
const MAX_BITS_PER_SAMPLE = 128;
const MAX_SAMPLES = 0xffff;

interface BlockGrid {
  readonly tiled: boolean;
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly offsets: readonly number[];
  readonly byteCounts: readonly number[];
}

/** Builds the TiffImage of one IFD. Throws FormatError (naming the file and IFD) when it is unusable. */
export function imageFromTags(tags: DecodedTags, ctx: ImageContext): TiffImage {
  const fail = (reason: string) => tiffError(ctx.url, `IFD ${ctx.ifdIndex}: ${reason}`);
  checkCounts(tags, fail);
  const width = dimension(tags, Tag.ImageWidth, MAX_IMAGE_SIDE, fail);
  const height = dimension(tags, Tag.ImageLength, MAX_IMAGE_SIDE, fail);
  const samplesPerPixel = scalar(tags, Tag.SamplesPerPixel, 1);
  // TIFF 6.0 types SamplesPerPixel as SHORT; a LONG8 here could ask for any array size
  if (samplesPerPixel < 1 || samplesPerPixel > MAX_SAMPLES) throw fail(`SamplesPerPixel (277) is ${samplesPerPixel} (accepted: 1..${MAX_SAMPLES})`);
  // libtiff refuses the whole directory for any other value, even with one sample (GDAL then
  // drops a mask IFD silently: the SQL fuzz found rasterduck applying such a mask)
  const stored = scalar(tags, Tag.PlanarConfiguration, 1);
  if (stored !== 1 && stored !== 2) {
    throw fail(`PlanarConfiguration (284) is ${stored}; TIFF 6.0 defines only 1 (chunky) and 2 (planar)`);
  }
  const planarConfiguration = samplesPerPixel === 1 ? 1 : stored;
  const bitsPerSample = perSample(tags, Tag.BitsPerSample, samplesPerPixel, 1, fail);
  const sampleFormat = perSample(tags, Tag.SampleFormat, samplesPerPixel, 1, fail);
  // libtiff's _TIFFVSetField refuses the directory ("Bad value"; GDAL then drops a mask IFD)
  if (sampleFormat.some((f) => f < 1 || f > 6)) throw fail(`SampleFormat (339) ${sampleFormat.join(',')} is out of range (TIFF defines 1..6)`);
  if (bitsPerSample.some((b) => b < 1 || b > MAX_BITS_PER_SAMPLE)) throw fail(`BitsPerSample (258) ${bitsPerSample.join(',')} is out of range`);
  const grid = blockGrid(tags, { width, height, planes: planarConfiguration === 2 ? samplesPerPixel : 1 }, fail);
  checkBlocksInFile(grid, ctx.fileSize, fail);
  return {
    ifdIndex: ctx.ifdIndex,
    role: roleOf(single(tags, Tag.NewSubfileType, 0)),
    width,
    height,
    tiled: grid.tiled,
    blockWidth: grid.blockWidth,
    blockHeight: grid.blockHeight,
    bitsPerSample,
    sampleFormat,
    samplesPerPixel,
    planarConfiguration,
    compression: scalar(tags, Tag.Compression, 1),
    predictor: single(tags, Tag.Predictor, 1),
    // libtiff's guess when Photometric is missing: RGB for 3+ samples, else min-is-black
    photometric: single(tags, Tag.Photometric, samplesPerPixel >= 3 ? 2 : 1),
    extraSamples: numbersOf(tags, Tag.ExtraSamples) ?? [],
    blockOffsets: grid.offsets,
    blockByteCounts: grid.byteCounts,
    ...optionalFields(tags, ctx.url),
  };
}

/** NewSubfileType (TIFF 6.0 section 8): bit 0 reduced resolution, bit 2 transparency mask. */
function roleOf(newSubfileType: number): ImageRole {
  if (newSubfileType & 4) return newSubfileType & 1 ? 'mask-overview' : 'mask';
  return newSubfileType & 1 ? 'overview' : 'full';
}

// libtiff 4.5 TIFFReadDirectory reads these with TIFFFetchNormalTag(recover=0): any count but 1
// fails the directory ("Incorrect count"), so GDAL cannot open the file (or drops a mask IFD)
const ONE_VALUE_OR_REFUSED = [Tag.ImageWidth, Tag.ImageLength, Tag.TileWidth, Tag.TileLength, Tag.RowsPerStrip, Tag.PlanarConfiguration, Tag.SamplesPerPixel];

/** Refuses the counts libtiff refuses; Compression may repeat one value per sample (tif_dirread.c). */
function checkCounts(tags: DecodedTags, fail: (r: string) => Error): void {
  for (const tag of ONE_VALUE_OR_REFUSED) {
    const values = numbersOf(tags, tag);
    if (values !== undefined && values.length !== 1) throw fail(`${tagName(tag)} has ${values.length} values; libtiff (and so GDAL) reads only exactly 1`);
  }
  const compression = numbersOf(tags, Tag.Compression);
  const samples = numbersOf(tags, Tag.SamplesPerPixel)?.[0] ?? 1;
  if (compression !== undefined && compression.length !== 1 && (compression.length < samples || compression.slice(0, samples).some((c) => c !== compression[0]))) {
    throw fail(`Compression (259) has ${compression.length} values (${compression.slice(0, 8).join(',')}); libtiff reads 1, or one equal value per sample`);
  }
}

/**
 * A tag libtiff reads with TIFFFetchNormalTag(recover=1): with any count but 1 it warns
 * "Incorrect count; tag ignored" and uses the default (the SQL fuzz found a Predictor of
 * count 2 that GDAL ignored and rasterduck applied).
 */
function single(tags: DecodedTags, tag: number, fallback: number): number {
  const values = numbersOf(tags, tag);
  return values?.length === 1 ? values[0] : fallback;
}

function scalar(tags: DecodedTags, tag: number, fallback: number): number {
  return numbersOf(tags, tag)?.[0] ?? fallback;
}

function dimension(tags: DecodedTags, tag: number, max: number, fail: (r: string) => Error): number {
  const value = numbersOf(tags, tag)?.[0];
  if (value === undefined) throw fail(`${tagName(tag)} is missing`);
  if (value < 1 || value > max) throw fail(`${tagName(tag)} is ${value} (accepted: 1..${max})`);
  return value;
}

/** One value per sample; libtiff accepts a single value for all samples. */
function perSample(tags: DecodedTags, tag: number, samples: number, fallback: number, fail: (r: string) => Error): readonly number[] {
  const values = numbersOf(tags, tag);
  if (values === undefined) return new Array<number>(samples).fill(fallback);
  // libtiff reads one value, else one per sample: a tag with none fails the directory
  // (GDAL then drops a mask IFD; found by the SQL fuzz, mutant 25546)
  if (values.length === 0) throw fail(`${tagName(tag)} has no values; libtiff (and so GDAL) reads 1, or one per sample`);
  if (values.length === 1) return new Array<number>(samples).fill(values[0]);
  if (values.length < samples) throw fail(`${tagName(tag)} has ${values.length} values for ${samples} samples`);
  return values.slice(0, samples);
}

interface GridShape {
  readonly width: number;
  readonly height: number;
  readonly planes: number;
}

function blockGrid(tags: DecodedTags, shape: GridShape, fail: (r: string) => Error): BlockGrid {
  const tiled = tags.has(Tag.TileWidth) || tags.has(Tag.TileLength);
  const size = tiled ? tileSize(tags, fail) : stripSize(tags, shape, fail);
  const [offsetsTag, countsTag] = tiled ? [Tag.TileOffsets, Tag.TileByteCounts] : [Tag.StripOffsets, Tag.StripByteCounts];
  const offsets = numbersOf(tags, offsetsTag);
  const byteCounts = numbersOf(tags, countsTag);
  if (offsets === undefined) throw fail(`${tagName(offsetsTag)} is missing`);
  if (byteCounts === undefined) throw fail(`${tagName(countsTag)} is missing`);
  // TIFF 6.0 sections 3 and 15: blocks across x blocks down, times samples when planar
  const expected = Math.ceil(shape.width / size.width) * Math.ceil(shape.height / size.height) * shape.planes;
  for (const [tag, values] of [[offsetsTag, offsets], [countsTag, byteCounts]] as const) {
    if (values.length !== expected) {
      throw fail(`${tagName(tag)} has ${values.length} values; a ${shape.width}x${shape.height} image in ${size.width}x${size.height} blocks${shape.planes > 1 ? ` with ${shape.planes} planes` : ''} needs ${expected}`);
    }
  }
  return { tiled, blockWidth: size.width, blockHeight: size.height, offsets, byteCounts };
}

function tileSize(tags: DecodedTags, fail: (r: string) => Error): { width: number; height: number } {
  return { width: dimension(tags, Tag.TileWidth, MAX_TILE_SIDE, fail), height: dimension(tags, Tag.TileLength, MAX_TILE_SIDE, fail) };
}

/** TIFF 6.0 section 3: RowsPerStrip defaults to 2^32-1, i.e. one strip; a strip never exceeds the image. */
function stripSize(tags: DecodedTags, shape: GridShape, fail: (r: string) => Error): { width: number; height: number } {
  const rows = scalar(tags, Tag.RowsPerStrip, shape.height);
  if (rows < 1) throw fail('RowsPerStrip (278) is 0');
  return { width: shape.width, height: Math.min(rows, shape.height) };
}

/**
 * Block spans must be addressable. A block past the end of a known file size is NOT
 * refused here: GDAL opens and describes such a file (a partial upload), and only the
 * read of that block fails, which is what the chip reader does too.
 */
function checkBlocksInFile(grid: BlockGrid, _fileSize: number | undefined, fail: (r: string) => Error): void {
  for (let i = 0; i < grid.offsets.length; i++) {
    const end = grid.offsets[i] + grid.byteCounts[i];
    if (!Number.isSafeInteger(end)) throw fail(`block ${i} ends at byte ${end}, beyond any file size`);
  }
}

type OptionalFields = Pick<TiffImage, 'jpegTables' | 'lercParameters' | 'gdalNodata' | 'gdalMetadata' | 'geo' | 'colorMap'>;

function optionalFields(tags: DecodedTags, url: string): OptionalFields {
  const fields: { -readonly [K in keyof OptionalFields]?: OptionalFields[K] } = {};
  const jpegTables = bytesOf(tags, Tag.JPEGTables);
  if (jpegTables !== undefined) fields.jpegTables = jpegTables;
  const lerc = numbersOf(tags, Tag.LercParameters);
  if (lerc !== undefined) fields.lercParameters = lerc;
  const nodata = textOf(tags, Tag.GdalNodata);
  if (nodata !== undefined) fields.gdalNodata = nodata;
  const metadata = textOf(tags, Tag.GdalMetadata);
  if (metadata !== undefined) fields.gdalMetadata = metadata;
  const geo = geoTags(tags, url);
  if (geo !== undefined) fields.geo = geo;
  const colorMap = numbersOf(tags, Tag.ColorMap);
  if (colorMap !== undefined) fields.colorMap = colorMap;
  return fields;
}

function geoTags(tags: DecodedTags, url: string): GeoTags | undefined {
  const pixelScale = numbersOf(tags, Tag.ModelPixelScale);
  const tiepoint = numbersOf(tags, Tag.ModelTiepoint);
  const modelTransformation = numbersOf(tags, Tag.ModelTransformation);
  const directory = numbersOf(tags, Tag.GeoKeyDirectory);
  if (!pixelScale && !tiepoint && !modelTransformation && !directory) return undefined;
  const params = { doubles: numbersOf(tags, Tag.GeoDoubleParams), ascii: textOf(tags, Tag.GeoAsciiParams) };
  return {
    ...(pixelScale && { pixelScale }),
    ...(tiepoint && { tiepoint }),
    ...(modelTransformation && { modelTransformation }),
    geoKeys: directory ? decodeGeoKeys(directory, params, url) : {},
  };
}
