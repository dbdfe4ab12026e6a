// PMTiles archives of polygonized fields, read back with the `pmtiles` package (header,
// directories, metadata) and decoded with @mapbox/vector-tile (MVT features and rings).
import { VectorTile } from '@mapbox/vector-tile';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PbfReader } from 'pbf';
import { PMTiles, type Source } from 'pmtiles';
import { afterAll, describe, expect, it } from 'vitest';
import { bounds } from '../../src/geo/bounds.js';
import type { Geometry } from '../../src/geo/geometry.js';
import { polygonize } from '../../src/geo/polygonize.js';
import { polygonFeatures } from './helpers/polygon-rows.js';
import { writeVectorPmtiles } from '../../src/vector/vector-pmtiles.js';

// a field raster in EPSG:4326 near Geneva at 1e-4 degree pixels: classes 1 and 2 in blocks
// with a hole and an island, 0 = background (nodata)
function fieldFeatures() {
  const width = 120;
  const height = 90;
  const values: number[] = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const block = (Math.floor(c / 20) + Math.floor(r / 15)) % 3;
      const hole = c % 20 >= 8 && c % 20 < 12 && r % 15 >= 6 && r % 15 < 9;
      values.push(hole ? 0 : block);
    }
  }
  const regions = polygonize({ width, height, values, nodata: 0, transform: { a: 1e-4, b: 0, c: 6.1, d: 0, e: -1e-4, f: 46.2 } });
  return polygonFeatures(regions);
}

// a Source over a file that records every range read
function fileSource(path: string) {
  const bytes = readFileSync(path);
  const reads: [number, number][] = [];
  const source: Source = {
    getKey: () => path,
    getBytes: async (offset, length) => {
      reads.push([offset, length]);
      return { data: bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + Math.min(offset + length, bytes.length)) as ArrayBuffer };
    },
  };
  return { source, reads };
}

// web mercator tile coordinates of a longitude/latitude, in extent units (hand formula)
function toTile(lon: number, lat: number, z: number, x: number, y: number, extent = 4096): [number, number] {
  const n = 2 ** z;
  const wx = ((lon + 180) / 360) * n;
  const s = Math.sin((lat * Math.PI) / 180);
  const wy = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n;
  return [(wx - x) * extent, (wy - y) * extent];
}

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const [px, py] = toTile(lon, lat, z, 0, 0, 1);
  return [Math.floor(px), Math.floor(py)];
}

const dir = mkdtempSync(join(tmpdir(), 'rasterduck-pmtiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeVectorPmtiles', () => {
  const features = fieldFeatures();
  const path = join(dir, 'fields.pmtiles');
  const header = writeVectorPmtiles(path, features, { layer: 'fields', minZoom: 8, maxZoom: 15, tolerance: 0, name: 'fields' });

  it('writes a v3 header the pmtiles reader agrees with, root in the first 16 KiB', async () => {
    const { source, reads } = fileSource(path);
    const h = await new PMTiles(source).getHeader();
    expect(reads[0]).toEqual([0, 16384]);
    expect(h.rootDirectoryOffset + h.rootDirectoryLength).toBeLessThanOrEqual(16384);
    expect(h).toMatchObject({ specVersion: 3, tileType: 1, tileCompression: 2, internalCompression: 2, minZoom: 8, maxZoom: 15, clustered: true, centerZoom: 8 });
    expect([h.minLon, h.minLat, h.maxLon, h.maxLat]).toEqual([6.1, 46.191, 6.112, 46.2]);
    expect(h.centerLon).toBeCloseTo(6.106, 7);
    expect(h.numTileEntries).toBe(header.tileEntries);
    expect(h.numTileContents).toBeLessThanOrEqual(h.numTileEntries);
    expect(h.numAddressedTiles).toBeGreaterThanOrEqual(h.numTileEntries);
  });

  it('carries vector_layers metadata for the layer and its fields (spec 5)', async () => {
    const meta = (await new PMTiles(fileSource(path).source).getMetadata()) as Record<string, unknown>;
    expect(meta).toMatchObject({
      name: 'fields', type: 'overlay',
      vector_layers: [{ id: 'fields', minzoom: 8, maxzoom: 15, fields: { value: 'Number', pixel_count: 'Number', area: 'Number' } }],
    });
  });

  it('has every feature at the highest zoom, with its properties and its rings to within half a unit', async () => {
    const archive = new PMTiles(fileSource(path).source);
    const box = bounds({ type: 'GeometryCollection', geometries: features.map((f) => f.geometry) })!;
    const [x0, y0] = tileOf(box.xmin, box.ymax, 15);
    const [x1, y1] = tileOf(box.xmax, box.ymin, 15);
    const seen = new Set<number>();
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const tile = await archive.getZxy(15, x, y);
        if (!tile) continue;
        const layer = new VectorTile(new PbfReader(new Uint8Array(tile.data))).layers.fields;
        for (let i = 0; i < layer.length; i++) {
          const f = layer.feature(i);
          seen.add(f.id!);
          const source = features[f.id!];
          expect(f.type).toBe(3);
          expect(f.properties).toEqual(source.properties);
          checkVertices(f.loadGeometry(), source.geometry, 15, x, y);
        }
      }
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(features.map((_, i) => i));
  });

  it('leaves no temp file behind', () => {
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

// every decoded vertex away from the tile's clip lines is an original vertex, rounded
function checkVertices(rings: { x: number; y: number }[][], g: Geometry, z: number, x: number, y: number): void {
  const originals = g.type === 'Polygon' ? g.coordinates.flat() : g.type === 'MultiPolygon' ? g.coordinates.flat(2) : [];
  const expected = originals.map(([lon, lat]) => toTile(lon, lat, z, x, y));
  for (const ring of rings) {
    for (const p of ring) {
      if (p.x <= 0 || p.y <= 0 || p.x >= 4096 || p.y >= 4096) continue;
      const near = expected.some(([ex, ey]) => Math.abs(ex - p.x) <= 0.5 + 1e-6 && Math.abs(ey - p.y) <= 0.5 + 1e-6);
      expect(near, `vertex (${p.x}, ${p.y}) of tile ${z}/${x}/${y}`).toBe(true);
    }
  }
}

describe('writeVectorPmtiles: dedup, leaves, atomic failure', () => {
  it('stores identical tiles once and runs of them as one entry', async () => {
    const square = { type: 'Polygon' as const, coordinates: [[[6.0, 46.0], [6.3, 46.0], [6.3, 46.3], [6.0, 46.3], [6.0, 46.0]] as [number, number][]] };
    const path = join(dir, 'square.pmtiles');
    const h = writeVectorPmtiles(path, [{ geometry: square, properties: { value: 1 } }], { layer: 'l', minZoom: 10, maxZoom: 13 });
    expect(h.tileContents).toBeLessThan(h.tileEntries);
    expect(h.addressedTiles).toBeGreaterThan(h.tileEntries);
    const archive = new PMTiles(fileSource(path).source);
    const [cx, cy] = tileOf(6.15, 46.15, 13);
    const tile = await archive.getZxy(13, cx, cy);
    const f = new VectorTile(new PbfReader(new Uint8Array(tile!.data))).layers.l.feature(0);
    expect(f.properties).toEqual({ value: 1 });
  });

  it('puts entries in leaf directories when the root budget is small, and the reader follows them', async () => {
    const path = join(dir, 'leaves.pmtiles');
    const features = fieldFeatures();
    const h = writeVectorPmtiles(path, features, { layer: 'fields', minZoom: 8, maxZoom: 15, maxRootBytes: 40 });
    expect(h.leafLength).toBeGreaterThan(0);
    const archive = new PMTiles(fileSource(path).source);
    const [x, y] = tileOf(6.105, 46.195, 15);
    expect(await archive.getZxy(15, x, y)).toBeDefined();
    expect(await archive.getZxy(8, ...tileOf(6.105, 46.195, 8))).toBeDefined();
  });

  it('leaves nothing at the path when it fails', () => {
    const path = join(dir, 'broken.pmtiles');
    expect(() => writeVectorPmtiles(path, fieldFeatures(), { layer: 'x', minZoom: 9, maxZoom: 30 })).toThrow('0 <= minZoom <= maxZoom <= 24');
    expect(() => writeVectorPmtiles(path, [], { layer: 'x', minZoom: 0, maxZoom: 3 })).toThrow('no features to tile');
    expect(readdirSync(dir).filter((n) => n.includes('broken'))).toEqual([]);
  });
});
