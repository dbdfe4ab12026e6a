/**
 * Damaged blocks for every codec: truncated, garbage, empty. Each must end in a FormatError
 * that names the file and the codec, never a TypeError, RangeError, crash or hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../../src/errors.js';
import { decodeBlock, prepareCodec } from '../../../src/tiff/decode-block.js';
import { makeFixtures, type Fixture, type FixtureCase } from './gdal-fixtures.js';

const base = { width: 64, height: 64, block: [64, 64] as [number, number], bands: 3 };
const CODECS: Array<[string, string, number]> = [
  ['NONE', 'none', 1], ['DEFLATE', 'deflate', 8], ['LZW', 'lzw', 5], ['PACKBITS', 'packbits', 32773],
  ['ZSTD', 'zstd', 50000], ['LZMA', 'lzma', 34925], ['LERC_ZSTD', 'lerc', 34887],
  ['JPEG', 'jpeg', 7], ['WEBP', 'webp', 50001],
];
const CASES: FixtureCase[] = CODECS.map(([compress]) => ({
  ...base, name: compress.toLowerCase(), compress, dtype: ['JPEG', 'WEBP'].includes(compress) ? 'uint8' : 'uint16',
  predictor: ['DEFLATE', 'LZW', 'ZSTD', 'LZMA'].includes(compress) ? 2 : 1,
}));

/** Deterministic noise (xorshift), so a failure reproduces. */
function garbage(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

let fixtures: Fixture[] = [];
let cleanup = (): void => {};
beforeAll(async () => {
  ({ fixtures, cleanup } = makeFixtures(CASES));
  for (const [, , id] of CODECS) await prepareCodec(id);
});
afterAll(() => cleanup());

describe.each(CODECS)('%s', (compress, name) => {
  const damaged = (f: Fixture): Array<[string, Uint8Array]> => {
    const good = f.blocks[0].bytes;
    const flipped = good.slice();
    for (let i = Math.floor(good.length / 3); i < good.length; i += 7) flipped[i] ^= 0x5a;
    return [
      ['truncated', good.subarray(0, Math.floor(good.length / 2))],
      ['garbage', garbage(good.length, good.length)],
      ['empty', new Uint8Array(0)],
      ['header only', good.subarray(0, 16)],
      ['bit-flipped', flipped],
    ];
  };

  it('refuses damaged blocks with a FormatError naming file and codec', () => {
    const f = fixtures.find((x) => x.case.compress === compress)!;
    expect(decodeBlock(f.blocks[0].bytes, f.image, { littleEndian: f.littleEndian, url: f.path }).data.length).toBe(64 * 64 * 3);
    for (const [what, bytes] of damaged(f)) {
      let error: unknown;
      try {
        decodeBlock(bytes, f.image, { littleEndian: f.littleEndian, url: f.path, blockIndex: 0 });
      } catch (e) {
        error = e;
      }
      // without a checksum, flipped bits (and, for none/packbits, any bytes) can decode to
      // the right size: no error is due then, but it must not be anything else
      const detectable = what !== 'bit-flipped' && !(what === 'garbage' && ['NONE', 'PACKBITS'].includes(compress));
      if (error === undefined && !detectable) continue;
      expect(error, `${what} block`).toBeInstanceOf(FormatError);
      expect((error as Error).message, what).toContain(f.path);
      expect((error as Error).message, what).toContain(`${name} block 0`);
    }
  });
});

it('refuses an unknown compression, listing the supported ones', async () => {
  await expect(prepareCodec(34712, 'file:///x.tif')).rejects.toThrow(/x\.tif.*compression 34712 is not supported \(supported: none, lzw, jpeg/);
});

it('refuses a zstd frame that holds more than its block (the decoder writes into a buffer of the block size)', () => {
  const f = fixtures.find((x) => x.case.compress === 'ZSTD')!;
  // the tile's frame holds 64 rows; read as a strip of 8 rows it must fail, not grow a buffer
  expect(() => decodeBlock(f.blocks[0].bytes, f.image, { littleEndian: f.littleEndian, url: f.path, blockIndex: 0, blockHeight: 8 }))
    .toThrow(FormatError);
});
