/**
 * The zstd encoder for Zarr chunks (Zarr v3 `zstd` codec: one zstd frame per chunk). The
 * only file that imports @bokuweb/zstd-wasm.
 *
 * Why this package: Node 20 has no zlib zstd, and the writers must be synchronous (they run
 * inside DuckDB callbacks). @bokuweb/zstd-wasm is zstd's own C compiled to WASM, has no
 * dependencies or install scripts and a synchronous `compress` once loaded. Measured here on
 * 2048x2048 uint16 imagery: 150-240 MB/s at level 1 against 60-160 MB/s for zarrita's
 * numcodecs zstd (async only); zstd-napi and @mongodb-js/zstd 7 need install scripts that
 * download binaries, which npm 11 does not run here. Decoding stays with zstddec
 * (src/tiff/codecs/zstd.ts).
 */
import { compress, init } from '@bokuweb/zstd-wasm';
import { InternalError } from '../errors.js';

let loading: Promise<void> | undefined;
let loaded = false;

/** Instantiates the WASM encoder once; await it before the first {@link zstdCompress}. */
export async function loadZstdEncoder(): Promise<void> {
  loading ??= init().then(() => {
    loaded = true;
  });
  return loading;
}

/**
 * Compresses `bytes` into one zstd frame that records its content size (ZSTD_compress),
 * which numcodecs-based readers need to size their output.
 * @param level zstd level, 1 (fast) to 22; 0 means zstd's default (3).
 * @throws InternalError when the encoder was not loaded or zstd reports an error.
 */
export function zstdCompress(bytes: Uint8Array, level: number): Uint8Array {
  if (!loaded) {
    throw new InternalError({ reason: 'the zstd encoder was used before loadZstdEncoder() finished', hint: 'This is a bug in rasterduck; please report it' });
  }
  try {
    return compress(bytes, level);
  } catch (cause) {
    throw new InternalError({ reason: `zstd could not compress ${bytes.length} bytes at level ${level}`, cause });
  }
}
