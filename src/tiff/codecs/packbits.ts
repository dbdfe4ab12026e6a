/** Compression 32773: PackBits run-length coding (TIFF 6.0, section 9). */
import type { Codec } from './index.js';

/**
 * Expands PackBits: a header n in 0..127 copies n+1 literal bytes, -127..-1 repeats the
 * next byte 1-n times, -128 is skipped. Stops once `byteLength` bytes are out, as
 * libtiff's PackBitsDecode does; a short result is caught by the caller.
 */
export function unpackBits(bytes: Uint8Array, byteLength: number): Uint8Array {
  const out = new Uint8Array(byteLength);
  let i = 0;
  let o = 0;
  while (i < bytes.length && o < byteLength) {
    const n = (bytes[i++] << 24) >> 24;
    if (n >= 0) {
      const end = Math.min(i + n + 1, bytes.length);
      const run = bytes.subarray(i, Math.min(end, i + byteLength - o));
      out.set(run, o);
      o += run.length;
      i = end;
    } else if (n !== -128 && i < bytes.length) {
      const count = Math.min(1 - n, byteLength - o);
      out.fill(bytes[i++], o, o + count);
      o += count;
    }
  }
  return o === byteLength ? out : out.subarray(0, o);
}

/** The PackBits codec. */
export const packbits: Codec = {
  name: 'packbits',
  predictor: false,
  decode: (bytes, spec) => unpackBits(bytes, spec.byteLength),
};
