/**
 * Compression 50001: one WebP image per block (lossy or lossless), as GDAL writes for
 * 3-band RGB and 4-band RGBA uint8. Decoded with libwebp compiled to WASM
 * (@jsquash/webp's Emscripten module), which always yields RGBA; measured bit-exact with
 * GDAL's reads, lossy included.
 *
 * The module is driven directly rather than through the package's async `decode` so that
 * decoding is synchronous once loaded. Its glue installs a minimal global ImageData class
 * when Node has none.
 */
import factory from '@jsquash/webp/codec/dec/webp_dec.js';
import { failureOf, fromRgba, loadEmscripten, type LoadedModule } from './emscripten.js';
import { FormatError } from '../../errors.js';
import type { BlockSpec, Codec } from './index.js';

interface WebpModule {
  decode(data: Uint8Array): { width: number; height: number; data: Uint8ClampedArray } | null;
}

let loaded: LoadedModule<WebpModule> | undefined;

/** Decodes one WebP block into RGB or RGBA uint8 samples. */
function decodeWebp(bytes: Uint8Array, spec: BlockSpec): Uint8Array {
  if (spec.samples !== 3 && spec.samples !== 4) {
    throw new FormatError({ url: spec.url, reason: `WebP blocks hold 3 or 4 samples per pixel, not ${spec.samples}` });
  }
  if (loaded === undefined) throw new Error('the WebP decoder is not loaded');
  let image: ReturnType<WebpModule['decode']>;
  try {
    image = loaded.module.decode(bytes);
  } catch (e) {
    throw new Error(failureOf(e, loaded.takeMessages()));
  }
  if (image === null) throw new Error(`libwebp could not decode the block ${loaded.takeMessages()}`.trim());
  if (image.width !== spec.width || image.height !== spec.height) {
    throw new Error(`WebP image is ${image.width}x${image.height}, expected ${spec.width}x${spec.height}`);
  }
  return fromRgba(image.data, spec.width * spec.height, spec.samples);
}

/** The WebP codec. */
export const webp: Codec = { name: 'webp', predictor: false, decode: decodeWebp };

/** Instantiates libwebp's decoder once, then returns the codec. */
export async function loadWebp(): Promise<Codec> {
  loaded ??= await loadEmscripten<WebpModule>(factory, '@jsquash/webp/codec/dec/webp_dec.wasm');
  return webp;
}
