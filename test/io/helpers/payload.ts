/**
 * The bytes every I/O test serves: a hash of the offset, so a shifted or mixed-up range
 * shows as wrong values (a counter pattern would repeat every 256 bytes).
 */

/** The byte at `offset` of the test payload. */
export function payloadByte(offset: number): number {
  return Math.imul(offset ^ (offset >>> 13), 0x9e3779b1) >>> 24;
}

/** `length` payload bytes starting at `offset`. */
export function payloadBytes(offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = payloadByte(offset + i);
  return out;
}
