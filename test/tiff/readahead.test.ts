import { describe, expect, it } from 'vitest';
import { FormatError, InternalError } from '../../src/errors.js';
import type { RangeReader } from '../../src/io/range-reader.js';
import { ReadAhead } from '../../src/tiff/readahead.js';
import { memoryReader } from './memory-reader.js';

const KiB = 1024;
const file = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff);

describe('ReadAhead', () => {
  it('reads 32 KiB first and takes the size from the reader', async () => {
    let sizeCalls = 0;
    const base = memoryReader(file(100 * KiB));
    const source = await ReadAhead.open({ ...base, size: async () => (sizeCalls++, 100 * KiB) });
    expect(base.calls).toEqual([[{ offset: 0, length: 32 * KiB }]]);
    expect(source.fileSize).toBe(100 * KiB);
    expect(sizeCalls).toBe(1);
  });

  it('learns the size from a short first read without asking', async () => {
    const reader = memoryReader(file(1000), { knowsSize: false });
    const source = await ReadAhead.open(reader);
    expect(source.fileSize).toBe(1000);
    expect(source.bytes(990, 10, 'x')).toEqual(file(1000).subarray(990));
  });

  it('fetches only the missing parts of a batch, merged, in one call', async () => {
    const reader = memoryReader(file(200 * KiB));
    const source = await ReadAhead.open(reader, { initialBytes: 100 });
    await source.fetch([{ offset: 50, length: 100 }, { offset: 150, length: 50 }, { offset: 5000, length: 10 }, { offset: 5005, length: 10 }]);
    expect(reader.calls[1]).toEqual([{ offset: 100, length: 100 }, { offset: 5000, length: 15 }]);
    await source.fetch([{ offset: 0, length: 200 }]);
    expect(reader.calls).toHaveLength(2);
  });

  it('returns bytes that span two fetched chunks', async () => {
    const bytes = file(200 * KiB);
    const source = await ReadAhead.open(memoryReader(bytes), { initialBytes: 100 });
    await source.fetch([{ offset: 100, length: 100 }]);
    expect(source.bytes(90, 20, 'x')).toEqual(bytes.subarray(90, 110));
  });

  it('widens a read-ahead request that needs a read, doubling each time up to the cap', async () => {
    const reader = memoryReader(file(4096 * KiB));
    const source = await ReadAhead.open(reader, { maxReadAheadBytes: 128 * KiB });
    await source.fetch([{ offset: 10, length: 2, readAhead: true }]); // covered: no call
    await source.fetch([{ offset: 100 * KiB, length: 2, readAhead: true }]);
    await source.fetch([{ offset: 1000 * KiB, length: 2, readAhead: true }]);
    await source.fetch([{ offset: 2000 * KiB, length: 2, readAhead: true }]);
    expect(reader.calls.slice(1).map((c) => c[0].length)).toEqual([64 * KiB, 128 * KiB, 128 * KiB]);
  });

  it('refuses bytes past the end with a FormatError naming the file', async () => {
    const source = await ReadAhead.open(memoryReader(file(1000), { url: 'mem://short.tif' }));
    await source.fetch([{ offset: 990, length: 100 }]);
    expect(() => source.bytes(990, 100, 'TileOffsets')).toThrow(FormatError);
    expect(() => source.bytes(990, 100, 'TileOffsets')).toThrow(/\(mem:\/\/short\.tif\): TileOffsets at bytes 990-1089 lies past the end of the file \(1000 bytes\)/);
  });

  it('stops at its byte budget', async () => {
    const source = await ReadAhead.open(memoryReader(file(300 * KiB)), { maxTotalBytes: 100 * KiB });
    await expect(source.fetch([{ offset: 40 * KiB, length: 100 * KiB }])).rejects.toThrow(/more than 102400 bytes/);
  });

  it('reports a reader that breaks the contract as an InternalError', async () => {
    const broken: RangeReader = { url: 'mem://broken', read: async () => [] };
    await expect(ReadAhead.open(broken)).rejects.toBeInstanceOf(InternalError);
  });
});
