/**
 * PMTiles v3 byte layout, pure: tile ids on the Hilbert curve, varints, directories, the
 * 127-byte header, and the root/leaf split. Follows the spec
 * (protomaps/PMTiles spec/v3/spec.md); numbers stay below 2^53, so zoom is capped at 26.
 */
import { InputError } from '../errors.js';

/** Largest zoom whose tile ids stay exact in a JavaScript number. */
export const MAX_ZOOM = 26;

/** Bytes the root directory may take so header plus root fit the first 16 KiB (spec 4). */
export const MAX_ROOT_BYTES = 16384 - 127;

/** Compression ids of the header (spec 3.3). */
export const Compression = { unknown: 0, none: 1, gzip: 2, brotli: 3, zstd: 4 } as const;

/** Tile type ids of the header (spec 3.2). */
export const TileType = { unknown: 0, mvt: 1, png: 2, jpeg: 3, webp: 4, avif: 5, mlt: 6 } as const;

/** One directory entry: a tile run (runLength >= 1) or a leaf directory (runLength 0). */
export interface Entry {
  readonly tileId: number;
  readonly offset: number;
  readonly length: number;
  readonly runLength: number;
}

/** Every header field (spec 3.1); positions in degrees. */
export interface Header {
  readonly rootOffset: number;
  readonly rootLength: number;
  readonly metadataOffset: number;
  readonly metadataLength: number;
  readonly leafOffset: number;
  readonly leafLength: number;
  readonly tileDataOffset: number;
  readonly tileDataLength: number;
  readonly addressedTiles: number;
  readonly tileEntries: number;
  readonly tileContents: number;
  readonly clustered: boolean;
  readonly internalCompression: number;
  readonly tileCompression: number;
  readonly tileType: number;
  readonly minZoom: number;
  readonly maxZoom: number;
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
  readonly centerZoom: number;
  readonly centerLon: number;
  readonly centerLat: number;
}

/**
 * The tile id of z/x/y: tiles of lower zooms first, then the position on zoom z's Hilbert curve.
 * @throws InputError for a zoom above 26 or x/y outside the zoom.
 */
export function zxyToTileId(z: number, x: number, y: number): number {
  const n = 2 ** z;
  if (!Number.isInteger(z) || z < 0 || z > MAX_ZOOM || x < 0 || y < 0 || x >= n || y >= n) {
    throw new InputError({ reason: `pmtiles: tile ${z}/${x}/${y} is outside zooms 0..${MAX_ZOOM} or its zoom's grid` });
  }
  let acc = (4 ** z - 1) / 3;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = x & s ? 1 : 0;
    const ry = y & s ? 1 : 0;
    acc += s * s * ((3 * rx) ^ ry);
    [x, y] = rotate(s, x, y, rx, ry);
  }
  return acc;
}

/** The z/x/y of a tile id (inverse of zxyToTileId). */
export function tileIdToZxy(id: number): [z: number, x: number, y: number] {
  let z = 0;
  while ((4 ** (z + 1) - 1) / 3 <= id) z++;
  let pos = id - (4 ** z - 1) / 3;
  let x = 0;
  let y = 0;
  for (let s = 1; s < 2 ** z; s *= 2) {
    const rx = Math.floor(pos / 2) % 2;
    const ry = (pos % 2) ^ rx;
    [x, y] = rotate(s, x, y, rx, ry);
    x += s * rx;
    y += s * ry;
    pos = Math.floor(pos / 4);
  }
  return [z, x, y];
}

// the Hilbert quadrant rotation; s is a power of two, so bit ops are exact below 2^31
function rotate(s: number, x: number, y: number, rx: number, ry: number): [number, number] {
  if (ry !== 0) return [x, y];
  if (rx === 1) {
    x = s - 1 - x;
    y = s - 1 - y;
  }
  return [y, x];
}

/** Appends `value` (0 <= value < 2^53) as a protobuf varint. */
export function writeVarint(out: number[], value: number): void {
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
}

/** Reads a varint at `pos.at`, advancing it. @throws InputError when the bytes end mid-varint. */
export function readVarint(bytes: Uint8Array, pos: { at: number }): number {
  let value = 0;
  for (let scale = 1; ; scale *= 0x80) {
    if (pos.at >= bytes.length) throw new InputError({ reason: 'pmtiles: directory ends inside a varint' });
    const b = bytes[pos.at++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
  }
}

/** Encodes entries (sorted by tile id) uncompressed: count, id deltas, run lengths, lengths, offsets (spec 4.2). */
export function serializeDirectory(entries: readonly Entry[]): Uint8Array {
  const out: number[] = [];
  writeVarint(out, entries.length);
  let lastId = 0;
  for (const e of entries) {
    writeVarint(out, e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) writeVarint(out, e.runLength);
  for (const e of entries) writeVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    // 0 means "right after the previous entry", which clustered archives get for most tiles
    writeVarint(out, i > 0 && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}

/** Decodes an uncompressed directory (spec 4.3). */
export function deserializeDirectory(bytes: Uint8Array): Entry[] {
  const pos = { at: 0 };
  const n = readVarint(bytes, pos);
  const ids: number[] = [];
  let last = 0;
  for (let i = 0; i < n; i++) ids.push((last += readVarint(bytes, pos)));
  const runs = ids.map(() => readVarint(bytes, pos));
  const lengths = ids.map(() => readVarint(bytes, pos));
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const raw = readVarint(bytes, pos);
    const offset = raw === 0 && i > 0 ? entries[i - 1].offset + entries[i - 1].length : raw - 1;
    entries.push({ tileId: ids[i], offset, length: lengths[i], runLength: runs[i] });
  }
  return entries;
}

/**
 * The root directory and leaf directories for `entries`, each compressed with `compress`:
 * everything in the root when it fits `maxRootBytes`, else leaves of 4096 entries,
 * doubling until the root of leaf pointers fits (as the reference writer does).
 */
export function buildDirectories(
  entries: readonly Entry[],
  compress: (b: Uint8Array) => Uint8Array,
  maxRootBytes = MAX_ROOT_BYTES,
): { root: Uint8Array; leaves: Uint8Array; leafCount: number } {
  const whole = compress(serializeDirectory(entries));
  if (whole.length <= maxRootBytes) return { root: whole, leaves: new Uint8Array(0), leafCount: 0 };
  for (let leafSize = 4096; ; leafSize *= 2) {
    const pointers: Entry[] = [];
    const chunks: Uint8Array[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const leaf = compress(serializeDirectory(entries.slice(i, i + leafSize)));
      pointers.push({ tileId: entries[i].tileId, offset, length: leaf.length, runLength: 0 });
      chunks.push(leaf);
      offset += leaf.length;
    }
    const root = compress(serializeDirectory(pointers));
    if (root.length <= maxRootBytes || pointers.length === 1) {
      return { root, leaves: concat(chunks), leafCount: pointers.length };
    }
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Writes the 127-byte header (spec 3): little-endian u64 offsets, i32 positions in 1e-7 degrees. */
export function serializeHeader(h: Header): Uint8Array {
  const bytes = new Uint8Array(127);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('PMTiles'), 0);
  bytes[7] = 3;
  const u64 = [h.rootOffset, h.rootLength, h.metadataOffset, h.metadataLength, h.leafOffset, h.leafLength,
    h.tileDataOffset, h.tileDataLength, h.addressedTiles, h.tileEntries, h.tileContents];
  u64.forEach((v, i) => view.setBigUint64(8 + 8 * i, BigInt(v), true));
  bytes.set([h.clustered ? 1 : 0, h.internalCompression, h.tileCompression, h.tileType, h.minZoom, h.maxZoom], 96);
  const e7 = (deg: number) => Math.round(deg * 1e7);
  [h.minLon, h.minLat, h.maxLon, h.maxLat].forEach((v, i) => view.setInt32(102 + 4 * i, e7(v), true));
  bytes[118] = h.centerZoom;
  view.setInt32(119, e7(h.centerLon), true);
  view.setInt32(123, e7(h.centerLat), true);
  return bytes;
}
