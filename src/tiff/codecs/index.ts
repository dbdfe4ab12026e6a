/**
 * The codec registry, keyed by TIFF compression id (tag 259). Each entry imports its
 * decoder lazily, so a WASM or native codec costs nothing until a file uses it; callers
 * `await prepareCodec(id)` once, after which decoding is synchronous.
 */
import { FormatError, InternalError } from '../../errors.js';
import type { TiffImage } from '../tiff-image.js';

/** What a codec needs to know about the block it decodes. */
export interface BlockSpec {
  readonly url: string;
  readonly image: TiffImage;
  /** Pixels per row of this block. */
  readonly width: number;
  /** Rows in this block (fewer than RowsPerStrip in a short last strip). */
  readonly height: number;
  /** Samples per pixel in this block: samplesPerPixel when chunky, 1 when planar. */
  readonly samples: number;
  readonly bytesPerSample: number;
  /** Bytes of decoded samples the block must yield: width x height x samples x bytesPerSample. */
  readonly byteLength: number;
}

/**
 * One decoder. Every codec returns samples in the file's byte order, as libtiff's codecs
 * do before its post-decode swab (so LERC in a big-endian file yields swapped values).
 */
export interface Codec {
  readonly name: string;
  /**
   * Whether the Predictor tag applies after this codec. libtiff calls TIFFPredictorInit
   * only in LZW, deflate, LZMA and ZSTD, and ignores the tag for every other codec.
   */
  readonly predictor: boolean;
  /** Decodes one block; may throw anything on corrupt input (the caller wraps it). */
  decode(bytes: Uint8Array, spec: BlockSpec): Uint8Array;
}

interface Entry {
  readonly name: string;
  readonly load: () => Promise<Codec>;
}

// Ids from the TIFF 6.0 spec, the TIFF tag registry and GDAL's gtiff driver.
const REGISTRY: ReadonlyMap<number, Entry> = new Map<number, Entry>([
  [1, { name: 'none', load: async () => (await import('./none.js')).none }],
  [5, { name: 'lzw', load: async () => (await import('./lzw.js')).lzw }],
  [7, { name: 'jpeg', load: async () => (await import('./jpeg.js')).loadJpeg() }],
  [8, { name: 'deflate', load: async () => (await import('./deflate.js')).deflate }],
  [32773, { name: 'packbits', load: async () => (await import('./packbits.js')).packbits }],
  [32946, { name: 'deflate', load: async () => (await import('./deflate.js')).deflate }],
  [34887, { name: 'lerc', load: async () => (await import('./lerc.js')).loadLerc() }],
  [34925, { name: 'lzma', load: async () => (await import('./lzma.js')).lzma }],
  [50000, { name: 'zstd', load: async () => (await import('./zstd.js')).loadZstd() }],
  [50001, { name: 'webp', load: async () => (await import('./webp.js')).loadWebp() }],
]);

const SUPPORTED = [...new Set([...REGISTRY.values()].map((e) => e.name))].join(', ');
const loaded = new Map<number, Promise<Codec>>();
const ready = new Map<number, Codec>();

/** The codec's name for a compression id (e.g. 'zstd'), or null when rasterduck has no such codec. */
export function knownCodecName(compression: number): string | null {
  return REGISTRY.get(compression)?.name ?? null;
}

/** The codec's name for a compression id (e.g. 'zstd'), or `compression N` when unknown. */
export function codecName(compression: number): string {
  return knownCodecName(compression) ?? `compression ${compression}`;
}

function unsupported(compression: number, url?: string): FormatError {
  return new FormatError({
    url,
    reason: `compression ${compression} is not supported (supported: ${SUPPORTED})`,
    hint: 'Rewrite it: gdal_translate -co COMPRESS=ZSTD in.tif out.tif',
  });
}

/**
 * Loads the decoder for a compression id once (cached), so that {@link codecFor} and
 * decodeBlock can run synchronously after it.
 * @throws FormatError when the compression is not supported; InternalError when its
 * decoder cannot load on this platform.
 */
/** Every compression id a decoder exists for. */
export function codecIds(): number[] {
  return [...REGISTRY.keys()];
}

export async function prepareCodec(compression: number, url?: string): Promise<void> {
  const entry = REGISTRY.get(compression);
  if (entry === undefined) throw unsupported(compression, url);
  let pending = loaded.get(compression);
  if (pending === undefined) {
    pending = entry.load().catch((e: unknown) => {
      // e.g. a platform without a prebuilt binary; the next call may try again
      loaded.delete(compression);
      const message = e instanceof Error ? e.message : String(e);
      throw new InternalError({ url, reason: `the ${entry.name} decoder could not be loaded: ${message}`, cause: e });
    });
    loaded.set(compression, pending);
  }
  ready.set(compression, await pending);
}

/**
 * The prepared decoder for a compression id.
 * @throws FormatError when unsupported; InternalError when prepareCodec was not awaited first.
 */
export function codecFor(compression: number, url?: string): Codec {
  const codec = ready.get(compression);
  if (codec !== undefined) return codec;
  if (!REGISTRY.has(compression)) throw unsupported(compression, url);
  throw new InternalError({
    url,
    reason: `the ${codecName(compression)} decoder was used before it was loaded`,
    hint: 'Await prepareCodec(compression) once before decodeBlock',
  });
}
