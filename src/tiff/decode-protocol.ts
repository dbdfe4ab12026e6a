/**
 * Messages between the decode pool (decode-pool.ts) and its workers (decode-worker.ts).
 * A chunk of jobs travels as one message: the images it needs once, stripped of their
 * block tables, and every job's stored bytes packed into one transferred buffer.
 */
import type { ErrorRecord } from '../errors.js';
import type { DecodedBlock, DecodeOptions } from './decode-block.js';
import type { TiffImage } from './tiff-image.js';

/** One block to decode: its stored bytes, the image it belongs to, and where it comes from. */
export interface DecodeJob extends DecodeOptions {
  readonly bytes: Uint8Array;
  readonly image: TiffImage;
}

/** A job as it crosses: its image by index into the chunk's images, its bytes by range. */
export interface WireJob extends DecodeOptions {
  readonly image: number;
  readonly offset: number;
  readonly length: number;
}

/** A chunk of jobs for one worker. */
export interface DecodeRequest {
  readonly id: number;
  readonly images: readonly TiffImage[];
  readonly jobs: readonly WireJob[];
  /** Every job's stored bytes, back to back (transferred, so the caller keeps its own). */
  readonly bytes: ArrayBuffer;
}

/** The answer to a chunk: every block in order, or the first job's error. */
export type DecodeReply =
  | { readonly id: number; readonly ok: true; readonly blocks: readonly DecodedBlock[] }
  | { readonly id: number; readonly ok: false; readonly error: ErrorRecord };

/** The id of the message a worker sends when its code cannot load. */
export const STARTUP_FAILURE_ID = 0;

const slimmed = new WeakMap<TiffImage, TiffImage>();

/**
 * The image without what decoding never reads (block tables, georeferencing), so it clones
 * cheaply; JPEGTables copied, since a view would clone the whole header read it sits in.
 */
function slimImage(image: TiffImage): TiffImage {
  let slim = slimmed.get(image);
  if (slim === undefined) {
    const jpegTables = image.jpegTables && new Uint8Array(image.jpegTables);
    slim = { ...image, blockOffsets: [], blockByteCounts: [], geo: undefined, gdalMetadata: undefined, jpegTables };
    slimmed.set(image, slim);
  }
  return slim;
}

/** Packs jobs into one request, copying their bytes into one buffer the request owns. */
export function packRequest(id: number, jobs: readonly DecodeJob[]): DecodeRequest {
  const images: TiffImage[] = [];
  const imageIndex = new Map<TiffImage, number>();
  const bytes = new Uint8Array(jobs.reduce((n, j) => n + j.bytes.length, 0));
  let offset = 0;
  const wire = jobs.map(({ bytes: stored, image, ...opts }): WireJob => {
    let index = imageIndex.get(image);
    if (index === undefined) {
      index = images.push(slimImage(image)) - 1;
      imageIndex.set(image, index);
    }
    bytes.set(stored, offset);
    offset += stored.length;
    return { ...opts, image: index, offset: offset - stored.length, length: stored.length };
  });
  return { id, images, jobs: wire, bytes: bytes.buffer };
}

/** The jobs of a request, their bytes as views into its buffer. */
export function unpackRequest(req: DecodeRequest): DecodeJob[] {
  return req.jobs.map(({ image, offset, length, ...opts }) => ({ ...opts, image: req.images[image], bytes: new Uint8Array(req.bytes, offset, length) }));
}
