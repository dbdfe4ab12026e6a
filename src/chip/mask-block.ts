/**
 * Blocks of GDAL's internal mask IFD (NewSubfileType 4, GDAL_TIFF_INTERNAL_MASK): one
 * sample, usually 1 bit (GDAL writes NBITS=1 and reads it back as 0/255), deflate or the
 * image's lossless codec. A pixel is valid where the mask is not 0.
 */
import { FormatError, isRasterduckError } from '../errors.js';
import { codecFor } from '../tiff/codecs/index.js';
import type { TiffImage } from '../tiff/tiff-image.js';

/** Codecs a 1-bit mask can come in: byte-stream codecs; not JPEG, WebP or LERC. */
const MASK_CODECS = new Set([1, 5, 8, 32773, 32946, 34925, 50000]);

/** Where a mask block comes from, for the codec and for errors. */
export interface MaskBlockSource {
  readonly url: string;
  readonly blockIndex: number;
  /** Rows the block holds (fewer for the last strip of a striped mask). */
  readonly rows: number;
}

/**
 * Decodes one mask block into `blockWidth x rows` bytes, 1 = valid, 0 = masked.
 * @throws FormatError naming the file for a codec a mask cannot use, or corrupt data.
 */
export function decodeMaskBlock(bytes: Uint8Array, mask: TiffImage, src: MaskBlockSource): Uint8Array {
  const bits = mask.bitsPerSample[0];
  const width = mask.blockWidth;
  const rowBytes = bits === 1 ? Math.ceil(width / 8) : width;
  const byteLength = rowBytes * src.rows;
  if (!MASK_CODECS.has(mask.compression)) {
    throw new FormatError({ url: src.url, reason: `the internal mask uses compression ${mask.compression}, which a mask cannot use exactly` });
  }
  let raw: Uint8Array;
  try {
    raw = codecFor(mask.compression, src.url).decode(bytes, { url: src.url, image: mask, width, height: src.rows, samples: 1, bytesPerSample: 1, byteLength });
  } catch (e) {
    if (isRasterduckError(e)) throw e;
    throw new FormatError({ url: src.url, reason: `mask block ${src.blockIndex} (${bytes.length} bytes) is corrupt: ${e instanceof Error ? e.message : String(e)}`, cause: e });
  }
  if (raw.length < byteLength) {
    throw new FormatError({ url: src.url, reason: `mask block ${src.blockIndex} (${bytes.length} bytes) is corrupt: it decoded to ${raw.length} bytes, expected ${byteLength}` });
  }
  const valid = new Uint8Array(width * src.rows);
  for (let r = 0; r < src.rows; r++) {
    const row = r * rowBytes;
    for (let c = 0; c < width; c++) {
      // TIFF FillOrder 1: the first pixel is the most significant bit; each row starts on a byte
      const v = bits === 1 ? (raw[row + (c >> 3)] >> (7 - (c & 7))) & 1 : raw[row + c];
      valid[r * width + c] = v === 0 ? 0 : 1;
    }
  }
  return valid;
}
