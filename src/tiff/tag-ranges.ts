/**
 * The largest value each integer tag may hold, from the type TIFF 6.0, BigTIFF and GeoTIFF
 * give it, and the exact check libtiff makes when a file stores it in a wider or signed
 * integer type (TIFFReadDirEntryShort/Long/Long8 accept any integer type whose value fits).
 */
import { FieldType, Tag, tagName } from './tags.js';
import { tiffError } from './tiff-error.js';

const SHORT_MAX = 0xffffn;
const LONG_MAX = 0xffffffffn;
// LercParameters are LONG, but libtiff's LERC codec knows only small versions and codes, and
// cog_metadata returns them as SQL INTEGER
const INT32_MAX = 0x7fffffffn;
// offsets and byte counts: BigTIFF's LONG8, capped where a JS number stops being exact
const OFFSET_MAX = BigInt(Number.MAX_SAFE_INTEGER);

const MAX_BY_TAG: ReadonlyMap<number, bigint> = new Map([
  [Tag.BitsPerSample, SHORT_MAX], [Tag.Compression, SHORT_MAX], [Tag.Photometric, SHORT_MAX],
  [Tag.SamplesPerPixel, SHORT_MAX], [Tag.PlanarConfiguration, SHORT_MAX], [Tag.Predictor, SHORT_MAX],
  [Tag.ExtraSamples, SHORT_MAX], [Tag.SampleFormat, SHORT_MAX], [Tag.GeoKeyDirectory, SHORT_MAX],
  [Tag.NewSubfileType, LONG_MAX], [Tag.ImageWidth, LONG_MAX], [Tag.ImageLength, LONG_MAX],
  [Tag.RowsPerStrip, LONG_MAX], [Tag.TileWidth, LONG_MAX], [Tag.TileLength, LONG_MAX],
  [Tag.LercParameters, INT32_MAX], [Tag.ColorMap, SHORT_MAX],
  [Tag.StripOffsets, OFFSET_MAX], [Tag.StripByteCounts, OFFSET_MAX],
  [Tag.TileOffsets, OFFSET_MAX], [Tag.TileByteCounts, OFFSET_MAX],
]);

/** The TIFF type name of a tag's range, for messages. */
function rangeName(max: bigint): string {
  if (max === SHORT_MAX) return 'a SHORT tag (0..65535)';
  if (max === LONG_MAX) return 'a LONG tag (0..4294967295)';
  if (max === INT32_MAX) return 'LERC parameters (0..2147483647)';
  return `an offset or byte count (0..${max})`;
}

/**
 * Reads value `i` of an integer-typed tag exactly (8-byte types as BigInt first) and checks it
 * is in the tag's range, so a number is never rounded or wrapped on its way to a message or SQL.
 * @throws FormatError naming the file, the tag and the exact stored value.
 */
export function unsignedReader(url: string, what: string, tag: number, type: number, v: DataView, le: boolean): (i: number) => number {
  const max = MAX_BY_TAG.get(tag) ?? OFFSET_MAX;
  const refuse = (value: bigint | number): never => {
    throw tiffError(url, `${what}: ${tagName(tag)} is ${value}, out of range for ${rangeName(max)}`);
  };
  if (type === FieldType.LONG8 || type === FieldType.IFD8 || type === FieldType.SLONG8) {
    const signed = type === FieldType.SLONG8;
    return (i) => {
      const value = signed ? v.getBigInt64(8 * i, le) : v.getBigUint64(8 * i, le);
      return value < 0n || value > max ? refuse(value) : Number(value);
    };
  }
  // every narrower integer is exact as a number
  const read = narrowReader(type, v, le);
  const limit = Number(max);
  return (i) => {
    const value = read(i);
    return value < 0 || value > limit ? refuse(value) : value;
  };
}

function narrowReader(type: number, v: DataView, le: boolean): (i: number) => number {
  switch (type) {
    case FieldType.BYTE: return (i) => v.getUint8(i);
    case FieldType.SBYTE: return (i) => v.getInt8(i);
    case FieldType.SHORT: return (i) => v.getUint16(2 * i, le);
    case FieldType.SSHORT: return (i) => v.getInt16(2 * i, le);
    case FieldType.SLONG: return (i) => v.getInt32(4 * i, le);
    default: return (i) => v.getUint32(4 * i, le); // LONG, IFD
  }
}
