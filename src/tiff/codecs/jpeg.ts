/**
 * Compression 7: JPEG in TIFF (TIFF Technical Note 2), decoded with libjpeg-turbo compiled
 * to WASM (@cornerstonejs/codec-libjpeg-turbo-8bit), so the samples equal GDAL's
 * libjpeg-turbo reads bit for bit (measured; jpeg-js differed by up to 95 on 4:2:0
 * YCbCr because it upsamples chroma by replication instead of libjpeg's fancy filter).
 * It writes RGB or grey straight out: 2.2 ms per 512x512 RGB tile against 2.5 ms for
 * mozjpeg's RGBA plus 0.3 ms to drop alpha (@jsquash/jpeg, the previous decoder; measured).
 *
 * libtiff writes abbreviated streams: the quantisation and Huffman tables live once in
 * JPEGTables (tag 347) and every block holds only its frame and scans, so the two are
 * spliced into one interchange stream. libjpeg then picks the colour space from the frame
 * as libtiff wrote it: YCbCr (photometric 6, component ids 1-2-3) is converted to RGB, as
 * GDAL reads it by default; RGB (ids 'R','G','B') and grey are passed through.
 */
import { createRequire } from 'node:module';
import { failureOf, loadEmscripten, type EmscriptenOptions, type LoadedModule } from './emscripten.js';
import { FormatError } from '../../errors.js';
import type { BlockSpec, Codec } from './index.js';

/** The decoder class the module exports (codecs/libjpeg-turbo-8bit/src/JPEGDecoder.hpp). */
interface JpegDecoder {
  /** The module-heap buffer to copy a stream of `length` bytes into. */
  getEncodedBuffer(length: number): Uint8Array;
  /** Decodes the stream; throws (an Emscripten exception pointer) on errors and warnings. */
  decode(): void;
  getFrameInfo(): { width: number; height: number; componentCount: number };
  /** The samples, interleaved, as a view into the module heap. */
  getDecodedBuffer(): Uint8Array;
}

interface JpegModule {
  JPEGDecoder: new () => JpegDecoder;
}

const SOI = 0xd8;
const EOI = 0xd9;
let loaded: { readonly module: LoadedModule<JpegModule>; readonly decoder: JpegDecoder } | undefined;

function startsWithSoi(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0xff && b[1] === SOI;
}

/** Joins JPEGTables (minus its EOI) and the block (minus its SOI) into one stream. */
export function spliceTables(tables: Uint8Array | undefined, block: Uint8Array): Uint8Array {
  if (tables === undefined || tables.length <= 4 || !startsWithSoi(block)) return block;
  const end = tables[tables.length - 2] === 0xff && tables[tables.length - 1] === EOI ? tables.length - 2 : tables.length;
  const out = new Uint8Array(end + block.length - 2);
  out.set(tables.subarray(0, end));
  out.set(block.subarray(2), end);
  return out;
}

/** Decodes one JPEG block into 8-bit samples in the block's layout. */
function decodeJpeg(bytes: Uint8Array, spec: BlockSpec): Uint8Array {
  if (spec.samples !== 1 && spec.samples !== 3) {
    throw new FormatError({ url: spec.url, reason: `JPEG blocks with ${spec.samples} samples per pixel are not supported (1 or 3)` });
  }
  if (loaded === undefined) throw new Error('the JPEG decoder is not loaded');
  const { module, decoder } = loaded;
  const stream = spliceTables(spec.image.jpegTables, bytes);
  let frame: ReturnType<JpegDecoder['getFrameInfo']>;
  try {
    decoder.getEncodedBuffer(stream.length).set(stream);
    decoder.decode();
    frame = decoder.getFrameInfo();
  } catch (e) {
    // libjpeg's warnings (truncated or damaged data) throw too: a grey-padded image is never returned
    throw new Error(failureOf(e instanceof Error ? e : new Error('libjpeg-turbo could not decode the block'), module.takeMessages()));
  }
  if (frame.width !== spec.width || frame.height < spec.height || frame.componentCount !== spec.samples) {
    throw new Error(`JPEG frame is ${frame.width}x${frame.height} with ${frame.componentCount} components, expected ${spec.width}x${spec.height} with ${spec.samples}`);
  }
  // copied out of the module heap, which the next block reuses
  return decoder.getDecodedBuffer().slice(0, spec.byteLength);
}

/** The JPEG codec. */
export const jpeg: Codec = { name: 'jpeg', predictor: false, decode: decodeJpeg };

/** Instantiates the WASM decoder once, then returns the codec. */
export async function loadJpeg(): Promise<Codec> {
  if (loaded === undefined) {
    // a CommonJS module without types: required, and typed here
    const factory = createRequire(import.meta.url)('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs') as (options: EmscriptenOptions) => Promise<unknown>;
    const module = await loadEmscripten<JpegModule>(factory, '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm');
    loaded = { module, decoder: new module.module.JPEGDecoder() };
  }
  return jpeg;
}
