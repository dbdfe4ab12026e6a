// PMTiles byte layout against the spec's own examples and the `pmtiles` reader package.
import { bytesToHeader, readVarint as theirVarint, tileIdToZxy as theirTileIdToZxy, zxyToTileId as theirTileId } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import {
  buildDirectories, deserializeDirectory, readVarint, serializeDirectory, serializeHeader,
  tileIdToZxy, writeVarint, zxyToTileId, type Entry, type Header,
} from '../../src/vector/pmtiles-format.js';
import { gunzipSync, gzipSync } from 'node:zlib';

describe('pmtiles tile ids', () => {
  it('match the table in spec 4.1', () => {
    const table: [number, number, number, number][] = [
      [0, 0, 0, 0], [1, 0, 0, 1], [1, 0, 1, 2], [1, 1, 1, 3], [1, 1, 0, 4], [2, 0, 0, 5], [12, 3423, 1763, 19078479],
    ];
    for (const [z, x, y, id] of table) {
      expect(zxyToTileId(z, x, y)).toBe(id);
      expect(tileIdToZxy(id)).toEqual([z, x, y]);
    }
  });

  it('match the pmtiles package up to zoom 26', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 2000; i++) {
      const z = Math.floor(rnd() * 27);
      const x = Math.floor(rnd() * 2 ** z);
      const y = Math.floor(rnd() * 2 ** z);
      const id = zxyToTileId(z, x, y);
      expect(id).toBe(theirTileId(z, x, y));
      expect(tileIdToZxy(id)).toEqual(theirTileIdToZxy(id));
    }
  });

  it('refuses tiles off the grid', () => {
    expect(() => zxyToTileId(2, 4, 0)).toThrow('tile 2/4/0 is outside');
    expect(() => zxyToTileId(27, 0, 0)).toThrow('zooms 0..26');
  });
});

describe('pmtiles directories', () => {
  it('write varints the pmtiles reader reads, past 32 bits', () => {
    for (const v of [0, 1, 127, 128, 300, 2 ** 32 + 5, 2 ** 40 + 12345, 2 ** 53 - 1]) {
      const out: number[] = [];
      writeVarint(out, v);
      const buf = Uint8Array.from(out);
      expect(readVarint(buf, { at: 0 })).toBe(v);
      expect(theirVarint({ buf, pos: 0 })).toBe(v);
    }
  });

  it('encode ids as deltas, then run lengths, lengths, and 0 for contiguous offsets (spec 4.2)', () => {
    const entries: Entry[] = [
      { tileId: 5, offset: 0, length: 42, runLength: 1 },
      { tileId: 6, offset: 42, length: 10, runLength: 2 },
      { tileId: 9, offset: 0, length: 42, runLength: 1 },
    ];
    // worked out by hand from the spec's rules
    expect([...serializeDirectory(entries)]).toEqual([3, 5, 1, 3, 1, 2, 1, 42, 10, 42, 1, 0, 1]);
    expect(deserializeDirectory(serializeDirectory(entries))).toEqual(entries);
  });

  it('fit the root in 16 KiB with leaf directories when there are many tiles', () => {
    const entries: Entry[] = Array.from({ length: 200_000 }, (_, i) => ({ tileId: i * 3, offset: i * 100, length: 100 - (i % 7), runLength: 1 + (i % 2) }));
    const gzip = (b: Uint8Array) => new Uint8Array(gzipSync(b));
    const { root, leaves, leafCount } = buildDirectories(entries, gzip);
    expect(root.length).toBeLessThanOrEqual(16384 - 127);
    expect(leafCount).toBeGreaterThan(1);
    const pointers = deserializeDirectory(new Uint8Array(gunzipSync(root)));
    expect(pointers.every((p) => p.runLength === 0)).toBe(true);
    const back = pointers.flatMap((p) => deserializeDirectory(new Uint8Array(gunzipSync(leaves.subarray(p.offset, p.offset + p.length)))));
    expect(back).toEqual(entries);
  });

  it('write a header the pmtiles reader decodes field by field', () => {
    const h: Header = {
      rootOffset: 127, rootLength: 300, metadataOffset: 427, metadataLength: 90, leafOffset: 517, leafLength: 2 ** 33,
      tileDataOffset: 2 ** 33 + 517, tileDataLength: 123456, addressedTiles: 999, tileEntries: 500, tileContents: 400,
      clustered: true, internalCompression: 2, tileCompression: 2, tileType: 1, minZoom: 3, maxZoom: 15,
      minLon: -12.3456789, minLat: 40.5, maxLon: 5.9012345, maxLat: 47.8, centerZoom: 3, centerLon: -3.2222222, centerLat: 44.15,
    };
    const theirs = bytesToHeader(serializeHeader(h).buffer as ArrayBuffer);
    expect(theirs).toMatchObject({
      specVersion: 3, rootDirectoryOffset: 127, rootDirectoryLength: 300, jsonMetadataOffset: 427, jsonMetadataLength: 90,
      leafDirectoryOffset: 517, leafDirectoryLength: 2 ** 33, tileDataOffset: 2 ** 33 + 517, tileDataLength: 123456,
      numAddressedTiles: 999, numTileEntries: 500, numTileContents: 400, clustered: true, internalCompression: 2,
      tileCompression: 2, tileType: 1, minZoom: 3, maxZoom: 15, minLon: -12.3456789, minLat: 40.5, maxLon: 5.9012345,
      maxLat: 47.8, centerZoom: 3, centerLon: -3.2222222, centerLat: 44.15,
    });
  });
});
