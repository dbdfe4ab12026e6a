/**
 * Compression 50000: a Zstandard frame (libtiff tif_zstd.c).
 *
 * zstd-napi (zstd itself, compiled at install) when it is installed: it decompresses a
 * 512x512 uint16 tile in 0.64 ms against 1.24 ms for zstddec, zstd compiled to WASM
 * without SIMD, which is the fallback (and was chosen over fzstd, pure JS, ~3x slower).
 * zstd-napi is an optional dependency because it needs a C compiler at install.
 */
import { createRequire } from 'node:module';
import { ZSTDDecoder } from 'zstddec';
import type { Codec } from './index.js';

/** zstd-napi's ZSTD_DCtx wrapper: decompresses into a buffer we size, so a corrupt frame can never allocate more. */
interface NativeDctx {
  decompress(dst: Uint8Array, src: Uint8Array): number;
}

const wasm = new ZSTDDecoder();
let native: NativeDctx | null = null;

/**
 * Decompresses one zstd frame into at most `maxBytes` bytes (synchronous; needs the codec
 * loaded). zstddec does not report zstd errors, it returns too few bytes, which the caller
 * treats as corrupt data; zstd-napi throws (also when the frame holds more than maxBytes),
 * which the caller reports the same way.
 */
export function unzstd(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (native) {
    const out = new Uint8Array(maxBytes);
    const n = native.decompress(out, bytes);
    return n === maxBytes ? out : out.subarray(0, n);
  }
  const out = wasm.decode(bytes, maxBytes);
  // zstd error codes come back as negative sizes, which slice() turns into short arrays
  if (out.length > maxBytes) throw new Error('zstd frame is larger than the block');
  return out;
}

/** The zstd codec. */
export const zstd: Codec = {
  name: 'zstd',
  predictor: true,
  decode: (bytes, spec) => unzstd(bytes, spec.byteLength),
};

/** Loads the native decoder when it is installed, else the WASM one; returns the codec. */
export async function loadZstd(): Promise<Codec> {
  try {
    const binding = createRequire(import.meta.url)('zstd-napi/binding') as { DCtx: new () => NativeDctx };
    native = new binding.DCtx();
  } catch {
    native = null;
    await wasm.init();
  }
  return zstd;
}
