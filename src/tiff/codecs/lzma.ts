/**
 * Compression 34925: an .xz stream, as libtiff's tif_lzma.c writes it with
 * lzma_stream_encoder and the filter chain delta (1 byte) + LZMA2.
 *
 * No pure-JS/WASM xz decoder on npm handles the delta filter (xz-decompress's xz-embedded
 * build fails with XZ_OPTIONS_ERROR), so this file reads the xz container itself (xz file
 * format 1.0.4, sections 2-3), hands the raw LZMA2 data to @napi-rs/lzma (prebuilt Rust
 * binary, no install script) and undoes the delta filter here.
 */
import { lzma2 } from '@napi-rs/lzma';
import type { Codec } from './index.js';

const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const STREAM_HEADER_BYTES = 12;
const FILTER_DELTA = 0x03;
const FILTER_LZMA2 = 0x21;

/** Reads an xz variable-length integer (7 bits a byte, little-endian) at `pos`. */
function readVarint(bytes: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    if (pos + i >= bytes.length) break;
    const b = bytes[pos + i];
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return [value, pos + i + 1];
  }
  throw new Error('xz block header is truncated');
}

/** Parses the first block header: where its LZMA2 data starts and the delta distance (0 = none). */
function readBlockHeader(bytes: Uint8Array): { dataStart: number; deltaDistance: number } {
  const start = STREAM_HEADER_BYTES;
  if (bytes.length <= start || bytes[start] === 0) throw new Error('xz stream holds no block');
  const headerEnd = start + (bytes[start] + 1) * 4;
  const flags = bytes[start + 1];
  let pos = start + 2;
  if (flags & 0x40) pos = readVarint(bytes, pos)[1];
  if (flags & 0x80) pos = readVarint(bytes, pos)[1];
  let deltaDistance = 0;
  const filters = (flags & 0x03) + 1;
  for (let f = 0; f < filters; f++) {
    const [id, afterId] = readVarint(bytes, pos);
    const [size, afterSize] = readVarint(bytes, afterId);
    const last = f === filters - 1;
    if (last !== (id === FILTER_LZMA2)) throw new Error(`xz filter chain is not [delta,] LZMA2 (filter id ${id})`);
    if (id === FILTER_DELTA) deltaDistance = bytes[afterSize] + 1;
    else if (id !== FILTER_LZMA2) throw new Error(`xz filter id ${id} is not supported`);
    pos = afterSize + size;
  }
  if (pos > headerEnd || headerEnd > bytes.length) throw new Error('xz block header is corrupt');
  return { dataStart: headerEnd, deltaDistance };
}

/**
 * Decompresses the first block of an .xz stream (libtiff writes one per strip or tile).
 * @throws Error on anything but an xz stream of [delta,] LZMA2.
 */
export function unxz(bytes: Uint8Array): Uint8Array {
  if (XZ_MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not an xz stream (bad magic)');
  const { dataStart, deltaDistance } = readBlockHeader(bytes);
  const raw = lzma2.decompressSync(bytes.subarray(dataStart));
  const out = new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
  // xz delta: each byte was stored minus the byte `distance` before it
  for (let i = deltaDistance; deltaDistance > 0 && i < out.length; i++) out[i] += out[i - deltaDistance];
  return out;
}

/** The LZMA codec. */
export const lzma: Codec = {
  name: 'lzma',
  predictor: true,
  decode: (bytes) => unxz(bytes),
};
