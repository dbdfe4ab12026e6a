/**
 * Compression 8 and 32946 (Adobe and old-style deflate): a zlib stream.
 *
 * node:zlib rather than pako: on 512x512 uint16 GDAL tiles node's inflateSync decodes
 * ~620 tiles/s against pako 3's ~205 on this machine (see the commit message).
 */
import { constants, inflateSync } from 'node:zlib';
import type { BlockSpec, Codec } from './index.js';

/** Slack past the expected size before a stream counts as a decompression bomb. */
const SLACK_BYTES = 1 << 16;

/**
 * Inflates a zlib stream. Like libtiff's ZIPDecode it accepts a stream that stops after
 * the block's bytes without its end marker; a short result is caught by the caller.
 * @param maxBytes the most bytes the stream may yield before it is refused as corrupt.
 * @param expectedBytes the size it should have: one output buffer of that size (plus a
 * byte, so zlib can say it is done) saves node's default 16 KiB chunks and their final
 * concatenation, a third of the time on 512x512 uint16 tiles (1.8 to 1.2 ms, measured).
 */
export function inflate(bytes: Uint8Array, maxBytes: number, expectedBytes?: number): Uint8Array {
  const chunkSize = expectedBytes === undefined ? undefined : Math.max(constants.Z_MIN_CHUNK, expectedBytes + 1);
  return inflateSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: maxBytes, chunkSize });
}

/**
 * Whether libtiff decodes this block with libdeflate (as Debian's and most GDAL builds do):
 * only a whole tile, or a strip of the full RowsPerStrip (tif_zip.c ZIPDecode); a short last
 * strip goes through zlib, which stops at the block's size.
 */
function wholeBlock(spec: BlockSpec): boolean {
  return spec.height === spec.image.blockHeight;
}

/** The deflate codec. */
export const deflate: Codec = {
  name: 'deflate',
  predictor: true,
  decode: (bytes, spec) => {
    const out = inflate(bytes, spec.byteLength + SLACK_BYTES, spec.byteLength);
    // libdeflate answers a stream with more data than the block LIBDEFLATE_INSUFFICIENT_SPACE,
    // which libtiff accepts, leaving the block's tail unwritten from the first match or literal
    // that does not fit: GDAL's last pixels are then whatever was in its buffer (the SQL fuzz
    // found bit flips that lengthen a stream, and GDAL reading zeros where zlib has data)
    if (out.length > spec.byteLength && wholeBlock(spec)) {
      throw new Error(`it inflates to ${out.length} bytes, more than the block's ${spec.byteLength}, and GDAL (libdeflate) leaves such a block's end undefined`);
    }
    return out;
  },
};
