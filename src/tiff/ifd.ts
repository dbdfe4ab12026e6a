/**
 * The TIFF file header and the raw entries of one IFD: where each known tag's value
 * bytes lie, before any value is decoded.
 */
import type { ByteRange } from '../io/range-reader.js';
import type { ReadAhead } from './readahead.js';
import { fieldSize, fieldTypeName, isKnownTag, tagName } from './tags.js';
import { tiffError } from './tiff-error.js';

/** Byte order and flavour, from the first bytes of the file. */
export interface TiffLayout {
  readonly littleEndian: boolean;
  readonly bigTiff: boolean;
  /** Bytes of the file header: 8 classic, 16 BigTIFF. */
  readonly headerBytes: number;
  readonly firstIfdOffset: number;
}

/** One IFD entry of a known tag. */
export interface IfdEntry {
  readonly tag: number;
  readonly type: number;
  readonly count: number;
  /** Absolute offset of the value bytes: inside the entry when they fit, else where it points. */
  readonly valueOffset: number;
  readonly byteLength: number;
  /** True when the value is stored in the entry itself. */
  readonly inline: boolean;
}

/** An IFD's known entries (first of duplicates wins, as libtiff) and the next IFD's offset (0 = last). */
export interface RawIfd {
  readonly offset: number;
  readonly entries: ReadonlyMap<number, IfdEntry>;
  readonly nextOffset: number;
}

/** Caps that keep a hostile file from costing unbounded time or memory. */
export interface IfdLimits {
  /** Largest value a single tag may hold, in bytes. */
  readonly maxTagBytes: number;
  /** Most entries in one IFD. */
  readonly maxEntries: number;
}

/** Reads the file header. TIFF 6.0 section 2 (II/MM, 42) and BigTIFF (43, 8, 0, 8-byte offset). */
export function readLayout(source: ReadAhead): TiffLayout {
  const head = source.bytes(0, 4, 'the TIFF header');
  const order = String.fromCharCode(head[0], head[1]);
  if (order !== 'II' && order !== 'MM') {
    throw tiffError(source.url, `not a TIFF file: it starts with bytes ${hex(head)}, not "II" or "MM"`, 'Is the URL right? Check it with gdalinfo');
  }
  const littleEndian = order === 'II';
  const magic = dataView(head).getUint16(2, littleEndian);
  if (magic === 42) {
    const first = dataView(source.bytes(0, 8, 'the TIFF header')).getUint32(4, littleEndian);
    return { littleEndian, bigTiff: false, headerBytes: 8, firstIfdOffset: first };
  }
  if (magic !== 43) {
    throw tiffError(source.url, `not a TIFF file: version ${magic} after "${order}" is neither 42 (TIFF) nor 43 (BigTIFF)`);
  }
  const big = dataView(source.bytes(0, 16, 'the BigTIFF header'));
  // BigTIFF: bytesize of offsets is always 8, followed by a 0 constant
  if (big.getUint16(4, littleEndian) !== 8 || big.getUint16(6, littleEndian) !== 0) {
    throw tiffError(source.url, 'corrupt BigTIFF header: offset size is not 8');
  }
  return { littleEndian, bigTiff: true, headerBytes: 16, firstIfdOffset: readOffset(big, 8, true, littleEndian, source.url) };
}

/** Bytes before an IFD's entries: its entry count (2 classic, 8 BigTIFF). */
export function countBytes(layout: TiffLayout): number {
  return layout.bigTiff ? 8 : 2;
}

/** Bytes of an IFD with `entries` entries, including the count and the next-IFD offset. */
export function ifdBytes(layout: TiffLayout, entries: number): number {
  const entrySize = layout.bigTiff ? 20 : 12;
  return countBytes(layout) + entries * entrySize + (layout.bigTiff ? 8 : 4);
}

/** Reads an IFD's entry count; its bytes must have been fetched. Throws FormatError past the cap. */
export function readEntryCount(source: ReadAhead, layout: TiffLayout, offset: number, what: string, limits: IfdLimits): number {
  const view = dataView(source.bytes(offset, countBytes(layout), what));
  const count = layout.bigTiff ? readUint64(view, 0, layout.littleEndian) : view.getUint16(0, layout.littleEndian);
  if (count > limits.maxEntries) {
    throw tiffError(source.url, `${what} at byte ${offset} claims ${count} entries (at most ${limits.maxEntries} are accepted): it is not a valid IFD`);
  }
  return count;
}

/** Parses an IFD whose bytes have been fetched. Throws FormatError on values past the end or over the caps. */
export function parseIfd(source: ReadAhead, layout: TiffLayout, offset: number, what: string, limits: IfdLimits): RawIfd {
  const count = readEntryCount(source, layout, offset, what, limits);
  const view = dataView(source.bytes(offset, ifdBytes(layout, count), what));
  const entrySize = layout.bigTiff ? 20 : 12;
  const entries = new Map<number, IfdEntry>();
  for (let i = 0; i < count; i++) {
    const at = countBytes(layout) + i * entrySize;
    const tag = view.getUint16(at, layout.littleEndian);
    // TIFF 6.0: readers skip tags they do not know, so their types and counts are not checked
    if (!isKnownTag(tag) || entries.has(tag)) continue;
    entries.set(tag, readEntry(view, at, offset, layout, { source, what, limits }));
  }
  const nextAt = countBytes(layout) + count * entrySize;
  return { offset, entries, nextOffset: readOffset(view, nextAt, layout.bigTiff, layout.littleEndian, source.url) };
}

/** The out-of-line value ranges of an IFD's entries, for one batched fetch. */
export function valueRanges(ifd: RawIfd): ByteRange[] {
  return [...ifd.entries.values()].filter((e) => !e.inline).map((e) => ({ offset: e.valueOffset, length: e.byteLength }));
}

interface EntryContext {
  readonly source: ReadAhead;
  readonly what: string;
  readonly limits: IfdLimits;
}

function readEntry(view: DataView, at: number, ifdOffset: number, layout: TiffLayout, ctx: EntryContext): IfdEntry {
  const le = layout.littleEndian;
  const tag = view.getUint16(at, le);
  const type = view.getUint16(at + 2, le);
  const size = fieldSize(type);
  if (size === undefined) {
    throw tiffError(ctx.source.url, `${ctx.what}: ${tagName(tag)} has ${fieldTypeName(type)}, which TIFF does not define`);
  }
  const count = layout.bigTiff ? readUint64(view, at + 4, le) : view.getUint32(at + 4, le);
  if (count > ctx.limits.maxTagBytes / size) {
    throw tiffError(ctx.source.url, `${ctx.what}: ${tagName(tag)} claims ${count} values, more than the ${ctx.limits.maxTagBytes}-byte cap per tag`);
  }
  const byteLength = count * size;
  const valueAt = at + (layout.bigTiff ? 12 : 8);
  // TIFF 6.0 / BigTIFF: a value that fits in the 4 (8) offset bytes is stored there
  const inline = byteLength <= (layout.bigTiff ? 8 : 4);
  const valueOffset = inline ? ifdOffset + valueAt : readOffset(view, valueAt, layout.bigTiff, le, ctx.source.url);
  const fileSize = ctx.source.fileSize;
  if (!inline && fileSize !== undefined && valueOffset + byteLength > fileSize) {
    throw tiffError(ctx.source.url, `${ctx.what}: ${tagName(tag)} points at bytes ${valueOffset}-${valueOffset + byteLength - 1}, past the end of the file (${fileSize} bytes)`);
  }
  return { tag, type, count, valueOffset, byteLength, inline };
}

/** A DataView over exactly these bytes. */
export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An unsigned 64-bit integer as a number (inexact above 2^53; callers compare it to caps). */
export function readUint64(view: DataView, at: number, littleEndian: boolean): number {
  const lo = view.getUint32(at + (littleEndian ? 0 : 4), littleEndian);
  const hi = view.getUint32(at + (littleEndian ? 4 : 0), littleEndian);
  return hi * 2 ** 32 + lo;
}

function readOffset(view: DataView, at: number, bigTiff: boolean, littleEndian: boolean, url: string): number {
  if (!bigTiff) return view.getUint32(at, littleEndian);
  const offset = readUint64(view, at, littleEndian);
  if (!Number.isSafeInteger(offset)) throw tiffError(url, `an offset of ${offset} bytes is beyond any real file`);
  return offset;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
