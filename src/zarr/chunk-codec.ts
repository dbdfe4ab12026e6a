/**
 * Encodes one chunk with the codec chains of array-metadata.ts: `bytes` (little-endian,
 * C order) then `zstd`, or `vlen-utf8` for string arrays. Encoding is pure CPU work and
 * needs no store, so it can run in worker threads while another thread writes.
 */
import { littleEndianBytes, type SampleArray } from './data-type.js';
import { zstdCompress } from './zstd.js';

/** True when every sample equals `fill` (NaN counts as equal to a NaN fill), so the chunk need not be stored. */
export function isAllFill(samples: SampleArray, fill: number): boolean {
  if (Number.isNaN(fill)) {
    for (let i = 0; i < samples.length; i++) if (!Number.isNaN(samples[i])) return false;
    return true;
  }
  for (let i = 0; i < samples.length; i++) if (samples[i] !== fill) return false;
  return true;
}

/**
 * The stored bytes of a chunk: its samples little-endian, zstd-compressed unless `level`
 * is null (then a view of the samples on little-endian hosts).
 * @throws InternalError from zstd when the encoder is not loaded.
 */
export function encodeChunk(samples: SampleArray, level: number | null): Uint8Array {
  const bytes = littleEndianBytes(samples);
  return level === null ? bytes : zstdCompress(bytes, level);
}

/**
 * Strings in the `vlen-utf8` layout (zarr-python 3 and numcodecs): a little-endian uint32
 * count, then for each string its UTF-8 byte length (uint32 LE) and bytes.
 */
export function encodeVlenUtf8(strings: readonly string[]): Uint8Array {
  const encoded = strings.map((s) => new TextEncoder().encode(s));
  const out = new Uint8Array(4 + encoded.reduce((n, e) => n + 4 + e.length, 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, strings.length, true);
  let at = 4;
  for (const e of encoded) {
    view.setUint32(at, e.length, true);
    out.set(e, at + 4);
    at += 4 + e.length;
  }
  return out;
}
