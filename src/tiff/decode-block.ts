/**
 * One strip or tile from its stored bytes to native-endian samples: decompress with the
 * image's codec, then (in this one place) undo the predictor and the file's byte order.
 */
import { FormatError, isRasterduckError } from '../errors.js';
import { codecFor, codecName, type BlockSpec } from './codecs/index.js';
import { bytesPerSampleOf, dtypeOf, viewAs, type Dtype, type SampleArray } from './dtype.js';
import { HOST_LITTLE_ENDIAN, swapBytes, undoFloatingPoint, undoHorizontal } from './predictor.js';
import type { TiffImage } from './tiff-image.js';

export { prepareCodec } from './codecs/index.js';
export { dtypeOf } from './dtype.js';

/** Where a block comes from and, for a short last strip, its real size. */
export interface DecodeOptions {
  readonly littleEndian: boolean;
  readonly url: string;
  /** Pixels per row of the block; defaults to image.blockWidth. */
  readonly blockWidth?: number;
  /** Rows in the block; defaults to image.blockHeight. Pass the real count for a short last strip. */
  readonly blockHeight?: number;
  /** The block's index in blockOffsets, only to name it in errors. */
  readonly blockIndex?: number;
}

/** A decoded block: samples in stored layout, row-major, `samples` interleaved per pixel. */
export interface DecodedBlock {
  readonly dtype: Dtype;
  readonly width: number;
  readonly height: number;
  /** samplesPerPixel for chunky images, 1 for planar (one band per block). */
  readonly samples: number;
  /** width x height x samples values of the dtype, native byte order. */
  readonly data: SampleArray;
}

function specOf(image: TiffImage, opts: DecodeOptions, dtype: Dtype): BlockSpec {
  const width = opts.blockWidth ?? image.blockWidth;
  const height = opts.blockHeight ?? image.blockHeight;
  const samples = image.planarConfiguration === 2 ? 1 : image.samplesPerPixel;
  const bytesPerSample = bytesPerSampleOf(dtype);
  return { url: opts.url, image, width, height, samples, bytesPerSample, byteLength: width * height * samples * bytesPerSample };
}

function blockName(opts: DecodeOptions, codec: string): string {
  return `${codec} block${opts.blockIndex === undefined ? '' : ` ${opts.blockIndex}`}`;
}

/** Refuses layouts we cannot decode exactly, before touching the bytes. */
function checkLayout(spec: BlockSpec, predictor: number, opts: DecodeOptions): void {
  const { image } = spec;
  const refuse = (reason: string, hint?: string): never => {
    throw new FormatError({ url: opts.url, reason, hint });
  };
  if (![1, 2, 3].includes(predictor)) refuse(`predictor ${predictor} is not supported (1, 2, 3)`);
  if (predictor === 3 && image.sampleFormat[0] !== 3) refuse('the floating-point predictor (3) on integer samples is not valid TIFF');
  if (image.photometric === 6 && image.compression !== 7) {
    refuse('YCbCr (PhotometricInterpretation 6) is only supported inside JPEG compression',
      'Rewrite it: gdal_translate -co PHOTOMETRIC=RGB in.tif out.tif');
  }
  if (!(spec.width > 0 && spec.height > 0) || spec.byteLength > 2 ** 31) {
    refuse(`block size ${spec.width}x${spec.height} is invalid`);
  }
}

/** Runs the codec, turning any failure into a FormatError naming the file and codec. */
function decompress(bytes: Uint8Array, spec: BlockSpec, opts: DecodeOptions): Uint8Array {
  const codec = codecFor(spec.image.compression, opts.url);
  const what = blockName(opts, codec.name);
  let out: Uint8Array;
  try {
    out = codec.decode(bytes, spec);
  } catch (e) {
    if (isRasterduckError(e)) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new FormatError({ url: opts.url, reason: `${what} (${bytes.length} bytes) is corrupt: ${message}`, cause: e });
  }
  if (out.length < spec.byteLength) {
    throw new FormatError({ url: opts.url, reason: `${what} (${bytes.length} bytes) is corrupt: it decoded to ${out.length} bytes, expected ${spec.byteLength}` });
  }
  // own an aligned copy: predictors work in place and typed views need alignment
  const owned = out.buffer !== bytes.buffer && out.byteOffset % 8 === 0 && out.length === spec.byteLength;
  return owned ? out : out.slice(0, spec.byteLength);
}

/** Undoes the predictor and the file's byte order (libtiff's order; see predictor.ts). */
function toNative(bytes: Uint8Array, spec: BlockSpec, predictor: number, opts: DecodeOptions): void {
  if (predictor === 3) {
    undoFloatingPoint(bytes, spec);
    return;
  }
  if (opts.littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(bytes, spec.bytesPerSample);
  if (predictor === 2) undoHorizontal(bytes, spec);
}

/**
 * Decodes one stored strip or tile into native-endian samples of the image's dtype, in the
 * block's stored layout (full tile size; a strip has as many rows as `blockHeight` says).
 * The image's codec must have been loaded with `await prepareCodec(image.compression)`.
 * A sparse block (byte count 0, GDAL SPARSE_OK) is the caller's to fill: it is not data.
 * @throws FormatError for an unsupported codec, dtype or layout, or corrupt data (naming
 * the url and codec); InternalError when prepareCodec was not awaited.
 */
export function decodeBlock(bytes: Uint8Array, image: TiffImage, opts: DecodeOptions): DecodedBlock {
  const dtype = dtypeOf(image, opts.url);
  const spec = specOf(image, opts, dtype);
  // like libtiff, codecs without predictor support ignore the tag
  const predictor = codecFor(image.compression, opts.url).predictor ? image.predictor : 1;
  checkLayout(spec, predictor, opts);
  const data = decompress(bytes, spec, opts);
  toNative(data, spec, predictor, opts);
  return { dtype, width: spec.width, height: spec.height, samples: spec.samples, data: viewAs(dtype, data) };
}
