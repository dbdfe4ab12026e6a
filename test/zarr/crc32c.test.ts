import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../../src/zarr/crc32c.js';

// Bit by bit, no table: the CRC-32C definition (reflected 0x82F63B78, init and xorout ~0)
function crc32cBitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32c', () => {
  it('gives the check value of the CRC catalogue for "123456789"', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('matches the iSCSI test vectors of RFC 3720 appendix B.4', () => {
    const ascending = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(ascending)).toBe(0x46dd794e);
    expect(crc32c(ascending.slice().reverse())).toBe(0x113fdb5c);
  });

  it('is 0 for no bytes and agrees with the bitwise definition on random input', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
    for (const n of [1, 7, 16, 100, 4097]) {
      const bytes = new Uint8Array(randomBytes(n));
      expect(crc32c(bytes)).toBe(crc32cBitwise(bytes));
    }
  });
});
