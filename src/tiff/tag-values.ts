/**
 * Decoding the values of an IFD's known tags, after their bytes have been fetched,
 * checking each tag has a field type the specs allow for it.
 */
import { dataView, readUint64, type IfdEntry, type RawIfd, type TiffLayout } from './ifd.js';
import type { ReadAhead } from './readahead.js';
import { unsignedReader } from './tag-ranges.js';
import { FieldType, INTEGER_TYPES, NUMERIC_TYPES, Tag, fieldTypeName, tagName, type TagId } from './tags.js';
import { tiffError } from './tiff-error.js';

/** A decoded tag value. */
export type TagValue =
  | { readonly kind: 'numbers'; readonly values: readonly number[] }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

/** An IFD's decoded known tags by id. */
export type DecodedTags = ReadonlyMap<number, TagValue>;

type Kind = 'short' | 'unsigned' | 'offsets' | 'numeric' | 'text' | 'ctext' | 'utf8' | 'bytes';

// Sizes, counts and offsets are unsigned integers (TIFF 6.0 section 8; BigTIFF adds LONG8),
// read from any integer type whose value fits, as libtiff does; GeoTIFF's model tags are
// DOUBLE, but any number decodes the same; ASCII is 8-bit text whose indices GeoAsciiParams
// counts in bytes, so it decodes one char per byte; GDAL reads its own tags as C strings
// (TIFFGetField's char*), so they end at the first NUL.
const KINDS: Readonly<Record<TagId, Kind>> = {
  [Tag.NewSubfileType]: 'unsigned', [Tag.ImageWidth]: 'unsigned', [Tag.ImageLength]: 'unsigned',
  [Tag.BitsPerSample]: 'short', [Tag.Compression]: 'short', [Tag.Photometric]: 'short',
  [Tag.StripOffsets]: 'offsets', [Tag.SamplesPerPixel]: 'short', [Tag.RowsPerStrip]: 'unsigned',
  [Tag.StripByteCounts]: 'offsets', [Tag.PlanarConfiguration]: 'short', [Tag.Predictor]: 'short',
  [Tag.TileWidth]: 'unsigned', [Tag.TileLength]: 'unsigned', [Tag.TileOffsets]: 'offsets',
  [Tag.TileByteCounts]: 'offsets', [Tag.ExtraSamples]: 'short', [Tag.SampleFormat]: 'short',
  [Tag.JPEGTables]: 'bytes', [Tag.ModelPixelScale]: 'numeric', [Tag.ModelTiepoint]: 'numeric',
  [Tag.ModelTransformation]: 'numeric', [Tag.GeoKeyDirectory]: 'unsigned', [Tag.GeoDoubleParams]: 'numeric',
  [Tag.GeoAsciiParams]: 'text', [Tag.GdalMetadata]: 'utf8', [Tag.GdalNodata]: 'ctext',
  [Tag.LercParameters]: 'unsigned', [Tag.ColorMap]: 'unsigned',
};

const BYTE_TYPES: readonly number[] = [FieldType.BYTE, FieldType.UNDEFINED, FieldType.ASCII];
// libtiff loads block tables lazily (_TIFFPartialReadStripArray) from these types only; from
// any other it logs "Invalid type" and GDAL then reads garbage blocks (found by the SQL fuzz)
const OFFSET_TYPES: readonly number[] = [FieldType.SHORT, FieldType.LONG, FieldType.LONG8];
// libtiff reads its 16-bit tags (TIFFReadDirEntryShort) from the integer types but IFD and
// IFD8: with those it ignores Predictor or Photometric ("Incompatible type") and fails the
// directory for the rest; refusing is the answer that never gives other pixels than GDAL's
// (the SQL fuzz found a Predictor typed IFD that GDAL ignored and rasterduck applied)
const SHORT_TYPES: readonly number[] = INTEGER_TYPES.filter((t) => t !== FieldType.IFD && t !== FieldType.IFD8);
const ALLOWED: Readonly<Record<Kind, readonly number[]>> = {
  short: SHORT_TYPES, unsigned: INTEGER_TYPES, offsets: OFFSET_TYPES, numeric: NUMERIC_TYPES, text: BYTE_TYPES, ctext: BYTE_TYPES, utf8: BYTE_TYPES, bytes: BYTE_TYPES,
};

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** Decodes every known tag of a fetched IFD. Throws FormatError for a type the tag may not have. */
export function decodeTags(source: ReadAhead, layout: TiffLayout, ifd: RawIfd, what: string): DecodedTags {
  const tags = new Map<number, TagValue>();
  for (const entry of ifd.entries.values()) {
    const kind = KINDS[entry.tag as TagId];
    if (!ALLOWED[kind].includes(entry.type)) {
      throw tiffError(source.url, `${what}: ${tagName(entry.tag)} has field type ${fieldTypeName(entry.type)}, which TIFF does not allow for it`);
    }
    const bytes = source.bytes(entry.valueOffset, entry.byteLength, `${what} ${tagName(entry.tag)}`);
    tags.set(entry.tag, decodeValue(kind, entry, bytes, { le: layout.littleEndian, url: source.url, what }));
  }
  return tags;
}

interface DecodeContext {
  readonly le: boolean;
  readonly url: string;
  readonly what: string;
}

function decodeValue(kind: Kind, entry: IfdEntry, bytes: Uint8Array, ctx: DecodeContext): TagValue {
  switch (kind) {
    case 'bytes':
      return { kind: 'bytes', bytes: bytes.slice() };
    case 'text':
      return { kind: 'text', text: stripTrailingNuls(latin1.decode(bytes)) };
    case 'ctext':
      return { kind: 'text', text: latin1.decode(untilNul(bytes)) };
    case 'utf8':
      return { kind: 'text', text: utf8.decode(untilNul(bytes)) };
    case 'short':
    case 'unsigned':
    case 'offsets':
      return { kind: 'numbers', values: decodeWith(entry.count, unsignedReader(ctx.url, ctx.what, entry.tag, entry.type, dataView(bytes), ctx.le)) };
    default:
      return { kind: 'numbers', values: decodeWith(entry.count, numberReader(entry.type, dataView(bytes), ctx.le)) };
  }
}

/** The bytes of a C string: up to its first NUL (GDAL's tags as libtiff hands them over). */
function untilNul(bytes: Uint8Array): Uint8Array {
  const end = bytes.indexOf(0);
  return end < 0 ? bytes : bytes.subarray(0, end);
}

/** TIFF 6.0: ASCII values end in NUL; GDAL pads some with more. */
function stripTrailingNuls(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  return text.slice(0, end);
}

function decodeWith(count: number, read: (i: number) => number): number[] {
  const values = new Array<number>(count);
  for (let i = 0; i < count; i++) values[i] = read(i);
  return values;
}

function numberReader(type: number, v: DataView, le: boolean): (i: number) => number {
  switch (type) {
    case FieldType.BYTE: return (i) => v.getUint8(i);
    case FieldType.SBYTE: return (i) => v.getInt8(i);
    case FieldType.SHORT: return (i) => v.getUint16(2 * i, le);
    case FieldType.SSHORT: return (i) => v.getInt16(2 * i, le);
    case FieldType.LONG: case FieldType.IFD: return (i) => v.getUint32(4 * i, le);
    case FieldType.SLONG: return (i) => v.getInt32(4 * i, le);
    case FieldType.FLOAT: return (i) => v.getFloat32(4 * i, le);
    case FieldType.DOUBLE: return (i) => v.getFloat64(8 * i, le);
    case FieldType.RATIONAL: return (i) => v.getUint32(8 * i, le) / v.getUint32(8 * i + 4, le);
    case FieldType.SRATIONAL: return (i) => v.getInt32(8 * i, le) / v.getInt32(8 * i + 4, le);
    case FieldType.SLONG8: return (i) => Number(v.getBigInt64(8 * i, le));
    default: return (i) => readUint64(v, 8 * i, le); // LONG8, IFD8
  }
}

/** The numbers of a tag, or undefined when absent. */
export function numbersOf(tags: DecodedTags, tag: number): readonly number[] | undefined {
  const value = tags.get(tag);
  return value?.kind === 'numbers' ? value.values : undefined;
}

/** The text of a tag, or undefined when absent. */
export function textOf(tags: DecodedTags, tag: number): string | undefined {
  const value = tags.get(tag);
  return value?.kind === 'text' ? value.text : undefined;
}

/** The bytes of a tag, or undefined when absent. */
export function bytesOf(tags: DecodedTags, tag: number): Uint8Array | undefined {
  const value = tags.get(tag);
  return value?.kind === 'bytes' ? value.bytes : undefined;
}
