/**
 * The byte layout of a shard (Zarr v3 "Sharding codec", `index_location: "end"`): the
 * encoded inner chunks one after another, then the index: for each inner chunk in C order
 * an (offset, nbytes) pair of little-endian uint64, both 2^64-1 for an empty chunk, then
 * the CRC-32C of those index bytes as a little-endian uint32 (the `crc32c` index codec).
 * Pure: bytes in, bytes out.
 */
import { FormatError } from '../errors.js';
import { crc32c } from './crc32c.js';

/** The index marker of an empty inner chunk (offset and nbytes both 2^64-1). */
export const EMPTY_CHUNK = 0xffffffffffffffffn;

/** Bytes of the index of a shard holding `chunkCount` inner chunks. */
export function indexByteLength(chunkCount: number): number {
  return chunkCount * 16 + 4;
}

/**
 * Lays out a shard from its inner chunks (C order; undefined = empty, read as the fill
 * value). Returns undefined when every chunk is empty: such a shard is not stored.
 */
export function encodeShard(chunks: readonly (Uint8Array | undefined)[]): Uint8Array | undefined {
  if (chunks.every((c) => c === undefined)) return undefined;
  const dataBytes = chunks.reduce((n, c) => n + (c?.length ?? 0), 0);
  const out = new Uint8Array(dataBytes + indexByteLength(chunks.length));
  const index = new DataView(out.buffer, dataBytes, chunks.length * 16);
  let offset = 0;
  chunks.forEach((chunk, i) => {
    const entry = chunk === undefined ? [EMPTY_CHUNK, EMPTY_CHUNK] : [BigInt(offset), BigInt(chunk.length)];
    index.setBigUint64(i * 16, entry[0], true);
    index.setBigUint64(i * 16 + 8, entry[1], true);
    if (chunk !== undefined) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
  });
  const crc = crc32c(out.subarray(dataBytes, dataBytes + chunks.length * 16));
  new DataView(out.buffer).setUint32(out.length - 4, crc, true);
  return out;
}

/** One entry of a shard index; undefined entries are empty chunks. */
export interface ChunkRange {
  readonly offset: number;
  readonly nbytes: number;
}

/**
 * Reads and checks the index of a shard: length, CRC-32C, and every range inside the
 * chunk data.
 * @throws FormatError naming `url` when the shard is truncated or corrupt.
 */
export function readShardIndex(shard: Uint8Array, chunkCount: number, url: string): (ChunkRange | undefined)[] {
  const corrupt = (reason: string): never => {
    throw new FormatError({ url, reason: `corrupt shard: ${reason}`, hint: 'Delete this shard file and its block markers, then run again' });
  };
  const indexBytes = indexByteLength(chunkCount);
  if (shard.length < indexBytes) corrupt(`${shard.length} bytes is shorter than its ${indexBytes}-byte index`);
  const dataBytes = shard.length - indexBytes;
  const view = new DataView(shard.buffer, shard.byteOffset, shard.byteLength);
  const crc = crc32c(shard.subarray(dataBytes, shard.length - 4));
  if (crc !== view.getUint32(shard.length - 4, true)) corrupt('index checksum (crc32c) does not match');
  const ranges: (ChunkRange | undefined)[] = [];
  for (let i = 0; i < chunkCount; i++) {
    const offset = view.getBigUint64(dataBytes + i * 16, true);
    const nbytes = view.getBigUint64(dataBytes + i * 16 + 8, true);
    if (offset === EMPTY_CHUNK && nbytes === EMPTY_CHUNK) {
      ranges.push(undefined);
      continue;
    }
    if (offset + nbytes > BigInt(dataBytes)) corrupt(`chunk ${i} (${offset}+${nbytes}) runs past the chunk data (${dataBytes} bytes)`);
    ranges.push({ offset: Number(offset), nbytes: Number(nbytes) });
  }
  return ranges;
}

/**
 * The encoded inner chunks of a shard, as views into it (undefined = empty).
 * @throws FormatError as {@link readShardIndex}.
 */
export function shardChunks(shard: Uint8Array, chunkCount: number, url: string): (Uint8Array | undefined)[] {
  return readShardIndex(shard, chunkCount, url).map((r) => (r === undefined ? undefined : shard.subarray(r.offset, r.offset + r.nbytes)));
}
