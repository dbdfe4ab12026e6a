/** The decoded-block cache: least recently used out first, bounded in bytes, sized from the environment. */
import { describe, expect, it } from 'vitest';
import { blockCacheBytes, DecodedBlockCache } from '../../src/chip/decoded-block-cache.js';
import type { DecodedBlock } from '../../src/tiff/decode-block.js';

const block = (bytes: number): DecodedBlock => ({ dtype: 'uint8', width: bytes, height: 1, samples: 1, data: new Uint8Array(bytes) });

describe('DecodedBlockCache', () => {
  it('evicts the least recently used blocks to stay within its capacity', () => {
    const cache = new DecodedBlockCache(300);
    cache.set('a', block(100));
    cache.set('b', block(100));
    cache.set('c', block(100));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent: b goes first
    cache.set('d', block(100));
    expect([cache.has('a'), cache.has('b'), cache.has('c'), cache.has('d')]).toEqual([true, false, true, true]);
    expect(cache.size).toBe(300);
  });

  it('keeps no block larger than itself, replaces a key in place, and can be emptied', () => {
    const cache = new DecodedBlockCache(100);
    cache.set('big', block(101));
    expect(cache.has('big')).toBe(false);
    cache.set('x', block(60));
    cache.set('x', block(40));
    expect(cache.size).toBe(40);
    cache.clear();
    expect([cache.size, cache.has('x')]).toEqual([0, false]);
  });

  it('is sized by RASTERDUCK_BLOCK_CACHE_MB (256 by default, 0 turns it off) and refuses nonsense', () => {
    expect(blockCacheBytes({})).toBe(256 * 1024 * 1024);
    expect(blockCacheBytes({ RASTERDUCK_BLOCK_CACHE_MB: '0' })).toBe(0);
    expect(blockCacheBytes({ RASTERDUCK_BLOCK_CACHE_MB: '1.5' })).toBe(1.5 * 1024 * 1024);
    expect(() => blockCacheBytes({ RASTERDUCK_BLOCK_CACHE_MB: '-1' })).toThrow(/RASTERDUCK_BLOCK_CACHE_MB=-1/);
    expect(() => blockCacheBytes({ RASTERDUCK_BLOCK_CACHE_MB: 'lots' })).toThrow(/not a number/);
  });
});
