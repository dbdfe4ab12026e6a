/**
 * Compression 34887: LERC2 blobs (Esri's `lerc` package, WASM), optionally wrapped in
 * deflate or zstd as LercParameters (tag 50674) says. The samples and their invalid-pixel
 * masks are turned into what libtiff's tif_lerc.c (LERCPreDecode) hands GDAL:
 * - uint8 with a trailing unassociated-alpha sample coded as a mask: alpha = 255 x mask;
 * - float32/float64: masked-out samples become NaN (one mask, or one per band);
 * - other types: the decoded values, mask ignored (GDAL writes no mask for them).
 */
import * as Lerc from 'lerc';
import type { LercData } from 'lerc';
import { inflate } from './deflate.js';
import { loadZstd, unzstd } from './zstd.js';
import type { BlockSpec, Codec } from './index.js';

const EXTRASAMPLE_UNASSALPHA = 2;
const ADD_COMPRESSION = ['none', 'deflate', 'zstd'];

/** Undoes LercParameters' additional compression, up to libtiff's buffer bound (SetupBuffers). */
function unwrap(bytes: Uint8Array, spec: BlockSpec): Uint8Array {
  const method = spec.image.lercParameters?.[1] ?? 0;
  const bound = 256 + spec.byteLength + Math.ceil(spec.byteLength / 3);
  if (method === 0) return bytes;
  if (method === 1) return inflate(bytes, bound);
  if (method === 2) return unzstd(bytes, bound);
  throw new Error(`LercParameters additional compression ${method} is unknown (known: ${ADD_COMPRESSION.join(', ')})`);
}

function asBytes(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Re-inserts the alpha sample that libtiff coded as the LERC mask. */
function withAlpha(data: LercData, spec: BlockSpec): Uint8Array {
  const pixels = data.pixels[0];
  const bands = spec.samples - 1;
  const n = spec.width * spec.height;
  const out = new Uint8Array(n * spec.samples);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < bands; b++) out[i * spec.samples + b] = pixels[i * bands + b];
    out[i * spec.samples + bands] = data.mask === null || data.mask[i] !== 0 ? 255 : 0;
  }
  return out;
}

/** Float samples with NaN where a mask says invalid; handles one mask or one per band. */
function withNaN(data: LercData, spec: BlockSpec): Uint8Array {
  const n = spec.width * spec.height;
  const s = spec.samples;
  const Samples = spec.bytesPerSample === 4 ? Float32Array : Float64Array;
  const [first] = data.pixels;
  // one band and no mask: the decoder's own array already holds the samples (saves a copy)
  if (data.pixels.length === 1 && data.mask === null && first instanceof Samples && first.length === n * s) return asBytes(first);
  const out = new Samples(n * s);
  if (data.pixels.length > 1) {
    // one LERC band per sample (liblerc >= 3 with per-band masks): interleave them
    data.pixels.forEach((band, b) => {
      const mask = data.bandMasks?.[b] ?? data.mask;
      for (let i = 0; i < n; i++) out[i * s + b] = mask === null || mask[i] !== 0 ? band[i] : NaN;
    });
    return asBytes(out);
  }
  out.set(first);
  if (data.mask !== null) {
    for (let i = 0; i < n; i++) if (data.mask[i] === 0) out.fill(NaN, i * s, i * s + s);
  }
  return asBytes(out);
}

function check(data: LercData, spec: BlockSpec): void {
  if (data.width !== spec.width || data.height !== spec.height) {
    throw new Error(`LERC blob is ${data.width}x${data.height}, expected ${spec.width}x${spec.height}`);
  }
}

/**
 * Decodes one LERC block into samples in the block's layout. In a big-endian file they
 * come out byte-swapped, since libtiff swabs GDAL's data before LERC encodes it; the
 * caller's swap then restores them, exactly as libtiff's post-decode swab does.
 */
function decodeLerc(bytes: Uint8Array, spec: BlockSpec): Uint8Array {
  const data = Lerc.decode(unwrap(bytes, spec), { returnInterleaved: true });
  check(data, spec);
  const { image } = spec;
  const isFloat = image.sampleFormat[0] === 3;
  const alphaMask = !isFloat && spec.bytesPerSample === 1 && spec.samples > 1
    && image.extraSamples[image.extraSamples.length - 1] === EXTRASAMPLE_UNASSALPHA
    && data.depthCount === spec.samples - 1;
  if (alphaMask) return withAlpha(data, spec);
  if (isFloat) return withNaN(data, spec);
  return asBytes(data.pixels[0]);
}

/** The LERC codec. */
export const lerc: Codec = { name: 'lerc', predictor: false, decode: decodeLerc };

/**
 * Instantiates the LERC WASM module once (its wasm file sits beside the package's script),
 * and the zstd one LERC_ZSTD needs, and returns the codec.
 */
export async function loadLerc(): Promise<Codec> {
  await Promise.all([Lerc.load(), loadZstd()]);
  return lerc;
}
