/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of the Zarr v3
 * `crc32c` codec that guards the shard index. Table-driven, one byte per step: the index
 * is a few hundred bytes, so speed does not matter here.
 */

const TABLE = buildTable(0x82f63b78);

function buildTable(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** The CRC-32C of `bytes` as an unsigned 32-bit number (RFC 3720 §B.4: "123456789" gives 0xE3069283). */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
