/**
 * Compression 5: TIFF LZW (TIFF 6.0, section 13) as libtiff writes it: 9 to 12-bit codes
 * packed most significant bit first, Clear = 256, EndOfInformation = 257, and the code
 * width growing one code early ("early change", libtiff LZWDecode's maxcodep).
 */
import { FormatError } from '../../errors.js';
import type { Codec } from './index.js';

const CLEAR = 256;
const EOI = 257;
const FIRST_FREE = 258;
const TABLE_SIZE = 4096;
/** Output slack so the last string can be written whole, then cut. */
const MAX_STRING = TABLE_SIZE;

/** The string table: each code is its prefix code plus one byte, with cached length and first byte. */
class Table {
  readonly prefix = new Int32Array(TABLE_SIZE);
  readonly suffix = new Uint8Array(TABLE_SIZE);
  readonly first = new Uint8Array(TABLE_SIZE);
  readonly length = new Uint16Array(TABLE_SIZE);
  constructor() {
    for (let c = 0; c < 256; c++) {
      this.suffix[c] = c;
      this.first[c] = c;
      this.length[c] = 1;
    }
  }
}

/** Writes the string of `code` at `o`, walking prefixes backwards; returns its length. */
function emit(t: Table, code: number, out: Uint8Array, o: number): number {
  const len = t.length[code];
  let c = code;
  for (let p = o + len - 1; p > o; p--) {
    out[p] = t.suffix[c];
    c = t.prefix[c];
  }
  out[o] = c;
  return len;
}

/**
 * Decodes TIFF LZW until EndOfInformation, the end of input, or `byteLength` bytes.
 * @throws Error on a code that names no string yet (corrupt data); FormatError for
 * old-style (pre-TIFF 6.0, LSB-first) LZW.
 */
export function unLzw(bytes: Uint8Array, byteLength: number, url?: string): Uint8Array {
  if (bytes.length >= 2 && bytes[0] === 0 && (bytes[1] & 1) === 1) {
    // libtiff LZWPreDecode's test for the old LSB-first flavour; GDAL never writes it
    throw new FormatError({ url, reason: 'old-style (pre-TIFF 6.0) LZW is not supported', hint: 'Rewrite it: gdal_translate -co COMPRESS=LZW in.tif out.tif' });
  }
  const t = new Table();
  const out = new Uint8Array(byteLength + MAX_STRING);
  const totalBits = bytes.length * 8;
  let bitPos = 0;
  let nbits = 9;
  let free = FIRST_FREE;
  let old = -1;
  let o = 0;
  while (o < byteLength && bitPos + nbits <= totalBits) {
    const i = bitPos >>> 3;
    const window = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const code = (window >>> (24 - nbits - (bitPos & 7))) & ((1 << nbits) - 1);
    bitPos += nbits;
    if (code === EOI) break;
    if (code === CLEAR) {
      free = FIRST_FREE;
      nbits = 9;
      old = -1;
      continue;
    }
    if (old === -1) {
      if (code >= 256) throw new Error(`LZW code ${code} before any string was defined`);
      out[o++] = code;
      old = code;
      continue;
    }
    if (code > free) throw new Error(`LZW code ${code} is past the next free code ${free}`);
    if (free >= TABLE_SIZE) throw new Error('LZW string table overflow (missing Clear code)');
    // KwKwK: a code that is being defined right now starts with its own prefix's first byte
    const firstByte = code === free ? t.first[old] : t.first[code];
    t.prefix[free] = old;
    t.suffix[free] = firstByte;
    t.first[free] = t.first[old];
    t.length[free] = t.length[old] + 1;
    free++;
    o += emit(t, code, out, o);
    old = code;
    if (free + 1 >= 1 << nbits && nbits < 12) nbits++;
  }
  return out.subarray(0, Math.min(o, byteLength));
}

/** The LZW codec. */
export const lzw: Codec = {
  name: 'lzw',
  predictor: true,
  decode: (bytes, spec) => unLzw(bytes, spec.byteLength, spec.url),
};
