/**
 * Reading a TIFF/BigTIFF header over a RangeReader: every IFD of the chain, in as few
 * rounds as the layout allows (one for a COG whose header fits the first read).
 */
import { asRasterduckError, isRasterduckError } from '../errors.js';
import type { RangeReader } from '../io/range-reader.js';
import { countBytes, ifdBytes, parseIfd, readEntryCount, readLayout, valueRanges, type IfdLimits, type RawIfd, type TiffLayout } from './ifd.js';
import { imageFromTags } from './ifd-image.js';
import { ReadAhead, type ByteRequest, type ReadAheadOptions } from './readahead.js';
import { decodeTags } from './tag-values.js';
import { tiffError } from './tiff-error.js';
import type { TiffHeader, TiffImage } from './tiff-image.js';

/** Read sizes and the caps that bound the work a hostile file can cause. */
export interface ReadTiffHeaderOptions extends ReadAheadOptions {
  /** Most IFDs in the chain (default 1024). */
  readonly maxIfds?: number;
  /** Largest value of one tag, in bytes (default 256 MiB: 32 M eight-byte tile offsets). */
  readonly maxTagBytes?: number;
  /** Most entries in one IFD (default 4096, libtiff's sanity limit for BigTIFF). */
  readonly maxEntries?: number;
}

const MiB = 1024 * 1024;

/**
 * Parses the header of the TIFF or BigTIFF behind `reader`: byte order, flavour and every
 * IFD (full resolution, overviews, masks) with its block table and GeoTIFF/GDAL tags.
 * The first read takes 32 KiB; each further IFD level costs at most one more `read`
 * call, batching all its missing tag values with the next IFD.
 * Throws FormatError naming the file for anything that is not a well-formed TIFF, and
 * what the reader throws (FetchError) for I/O failures.
 */
export async function readTiffHeader(reader: RangeReader, options: ReadTiffHeaderOptions = {}): Promise<TiffHeader> {
  try {
    return await walkHeader(reader, options);
  } catch (e) {
    // ours and an abort pass through; anything else is a bug, reported naming the file
    if (isRasterduckError(e) || options.signal?.aborted) throw e;
    throw asRasterduckError(e, reader.url);
  }
}

async function walkHeader(reader: RangeReader, options: ReadTiffHeaderOptions): Promise<TiffHeader> {
  const source = await ReadAhead.open(reader, options);
  const layout = readLayout(source);
  const limits: IfdLimits = { maxTagBytes: options.maxTagBytes ?? 256 * MiB, maxEntries: options.maxEntries ?? 4096 };
  const maxIfds = options.maxIfds ?? 1024;
  const images: TiffImage[] = [];
  const visited = new Set<number>();
  let offset = layout.firstIfdOffset;
  if (offset === 0) throw tiffError(source.url, 'the file has no IFD (first IFD offset is 0)');
  while (offset !== 0) {
    checkIfdOffset(source, layout, { offset, index: images.length, visited, maxIfds });
    visited.add(offset);
    const what = `IFD ${images.length}`;
    const ifd = await loadIfd(source, layout, offset, what, limits);
    // One round for this level: its tag values not read yet, plus the next IFD
    await source.fetch([...valueRanges(ifd), ...nextIfdRequest(source, layout, ifd, visited)]);
    const tags = decodeTags(source, layout, ifd, what);
    images.push(imageFromTags(tags, { url: source.url, ifdIndex: images.length, fileSize: source.fileSize }));
    offset = ifd.nextOffset;
  }
  const fileSize = source.fileSize;
  return { url: source.url, littleEndian: layout.littleEndian, bigTiff: layout.bigTiff, images, ...(fileSize !== undefined && { fileSize }) };
}

interface ChainState {
  readonly offset: number;
  readonly index: number;
  readonly visited: ReadonlySet<number>;
  readonly maxIfds: number;
}

function checkIfdOffset(source: ReadAhead, layout: TiffLayout, s: ChainState): void {
  if (s.visited.has(s.offset)) {
    throw tiffError(source.url, `IFD ${s.index} at byte ${s.offset} was already read: the IFD chain loops`);
  }
  if (s.index >= s.maxIfds) {
    throw tiffError(source.url, `the IFD chain has more than ${s.maxIfds} IFDs`, 'No real TIFF has that many; the file is corrupt');
  }
  // TIFF 6.0 section 2: an IFD lies after the header
  if (s.offset < layout.headerBytes) {
    throw tiffError(source.url, `IFD ${s.index} offset ${s.offset} points into the file header`);
  }
}

/** Fetches an IFD's entries if the read-ahead does not hold them yet, then parses them. */
async function loadIfd(source: ReadAhead, layout: TiffLayout, offset: number, what: string, limits: IfdLimits): Promise<RawIfd> {
  await source.fetch([{ offset, length: countBytes(layout), readAhead: true }]);
  const entries = readEntryCount(source, layout, offset, what, limits);
  await source.fetch([{ offset, length: ifdBytes(layout, entries), readAhead: true }]);
  return parseIfd(source, layout, offset, what, limits);
}

/** The next IFD's first bytes, read ahead with this level's values; none at the end or on a loop. */
function nextIfdRequest(source: ReadAhead, layout: TiffLayout, ifd: RawIfd, visited: ReadonlySet<number>): ByteRequest[] {
  const next = ifd.nextOffset;
  const usable = next >= layout.headerBytes && !visited.has(next) && (source.fileSize === undefined || next < source.fileSize);
  return usable ? [{ offset: next, length: countBytes(layout), readAhead: true }] : [];
}
