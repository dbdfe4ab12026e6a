/**
 * Compression 7: JPEG in TIFF (TIFF Technical Note 2), decoded with libjpeg-turbo's
 * descendant mozjpeg compiled to WASM (@jsquash/jpeg), so the samples equal GDAL's
 * libjpeg-turbo reads bit for bit (measured; jpeg-js differed by up to 95 on 4:2:0
 * YCbCr because it upsamples chroma by replication instead of libjpeg's fancy filter).
 *
 * libtiff writes abbreviated streams: the quantisation and Huffman tables live once in
 * JPEGTables (tag 347) and every block holds only its frame and scans, so the two are
 * spliced into one interchange stream. libjpeg then picks the colour space from the frame
 * as libtiff wrote it: YCbCr (photometric 6, component ids 1-2-3) is converted to RGB, as
 * GDAL reads it by default; RGB (ids 'R','G','B') and grey are passed through.
 */
import factory from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';
import { failureOf, fromRgba, loadEmscripten, type LoadedModule } from './emscripten.js';
import { FormatError } from '../../errors.js';
import type { BlockSpec, Codec } from './index.js';

interface JpegModule {
  decode(data: Uint8Array, preserveOrientation: boolean): { width: number; height: number; data: Uint8ClampedArray } | null;
}

const SOI = 0xd8;
const EOI = 0xd9;
let loaded: LoadedModule<JpegModule> | undefined;

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
  let image: ReturnType<JpegModule['decode']>;
  try {
    image = loaded.module.decode(spliceTables(spec.image.jpegTables, bytes), false);
  } catch (e) {
    throw new Error(failureOf(e, loaded.takeMessages()));
  }
  // libjpeg warns and pads with grey on truncated or damaged data (GDAL reads on with a
  // warning); libtiff-written blocks never warn, so refuse rather than return a grey image
  const warnings = loaded.takeMessages();
  if (warnings !== '') throw new Error(`libjpeg: ${warnings}`);
  if (image === null) throw new Error('libjpeg could not decode the block');
  if (image.width !== spec.width || image.height < spec.height) {
    throw new Error(`JPEG frame is ${image.width}x${image.height}, expected ${spec.width}x${spec.height}`);
  }
  return fromRgba(image.data, spec.width * spec.height, spec.samples);
}

/** The JPEG codec. */
export const jpeg: Codec = { name: 'jpeg', predictor: false, decode: decodeJpeg };

/** Instantiates the WASM decoder once, then returns the codec. */
export async function loadJpeg(): Promise<Codec> {
  loaded ??= await loadEmscripten<JpegModule>(factory, '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm');
  return jpeg;
}
