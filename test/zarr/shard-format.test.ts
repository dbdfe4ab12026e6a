import { describe, expect, it } from 'vitest';
import { crc32c } from '../../src/zarr/crc32c.js';
import { encodeShard, indexByteLength, readShardIndex, shardChunks } from '../../src/zarr/shard-format.js';

const MAX = 0xffffffffffffffffn;

// The layout of the Zarr v3 sharding codec, written out by hand: chunks, then
// (offset, nbytes) uint64 LE per chunk with 2^64-1 for empty ones, then crc32c LE.
function handShard(data: number[], entries: [bigint, bigint][]): Uint8Array {
  const out = new Uint8Array(data.length + entries.length * 16 + 4);
  out.set(data);
  const view = new DataView(out.buffer);
  entries.forEach(([offset, nbytes], i) => {
    view.setBigUint64(data.length + i * 16, offset, true);
    view.setBigUint64(data.length + i * 16 + 8, nbytes, true);
  });
  view.setUint32(out.length - 4, crc32c(out.subarray(data.length, out.length - 4)), true);
  return out;
}

describe('encodeShard', () => {
  it('writes chunks in order, then the index with empty markers and its crc32c', () => {
    const shard = encodeShard([Uint8Array.of(1, 2, 3), undefined, Uint8Array.of(9)]);
    expect(shard).toEqual(handShard([1, 2, 3, 9], [[0n, 3n], [MAX, MAX], [3n, 1n]]));
    expect(indexByteLength(3)).toBe(52);
  });

  it('returns undefined when every chunk is empty, so no shard is stored', () => {
    expect(encodeShard([undefined, undefined])).toBeUndefined();
  });
});

describe('readShardIndex', () => {
  it('reads back offsets, sizes and empty chunks', () => {
    const shard = handShard([5, 6, 7], [[MAX, MAX], [1n, 2n], [0n, 1n]]);
    expect(readShardIndex(shard, 3, 'x')).toEqual([undefined, { offset: 1, nbytes: 2 }, { offset: 0, nbytes: 1 }]);
    expect(shardChunks(shard, 3, 'x')).toEqual([undefined, Uint8Array.of(6, 7), Uint8Array.of(5)]);
  });

  it('refuses a flipped bit anywhere in the index or its checksum', () => {
    const good = encodeShard([Uint8Array.of(1, 2), Uint8Array.of(3)])!;
    for (let byte = 3; byte < good.length; byte++) {
      const bad = good.slice();
      bad[byte] ^= 1 << (byte % 8);
      expect(() => readShardIndex(bad, 2, 'file:///s/c/0')).toThrow(/file:\/\/\/s\/c\/0.*corrupt shard: index checksum/);
    }
  });

  it('refuses a shard cut at any length, as a FormatError', () => {
    const good = encodeShard([Uint8Array.of(1, 2, 3), undefined, Uint8Array.of(4)])!;
    for (let n = 0; n < good.length; n++) {
      expect(() => readShardIndex(good.subarray(0, n), 3, 's')).toThrow(expect.objectContaining({ kind: 'format' }));
    }
  });

  it('refuses a truncated shard and ranges past the chunk data', () => {
    const good = encodeShard([Uint8Array.of(1, 2)])!;
    expect(() => readShardIndex(good.subarray(0, 10), 1, 's')).toThrow(/shorter than its 20-byte index/);
    expect(() => readShardIndex(handShard([1, 2], [[1n, 2n]]), 1, 's')).toThrow(/runs past the chunk data/);
  });
});
