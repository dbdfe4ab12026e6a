import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSystemStore } from '../../src/zarr/fs-store.js';
import { createRasterCube } from '../../src/zarr/raster-cube.js';
import { MemoryStore } from '../../src/zarr/store.js';
import { loadZstdEncoder } from '../../src/zarr/zstd.js';
import { blockPixels, CUBE, cubeBlocks } from './helpers/cube-fixture.js';
import { groupAttrs, readWithZarrita, tempDir } from './helpers/zarrita-read.js';

const tmp = tempDir('cube');
const root = path.join(tmp.dir, 'cube.zarr');

beforeAll(async () => {
  await loadZstdEncoder();
  const writer = createRasterCube(new FileSystemStore(root, { durable: false }), CUBE);
  for (const block of cubeBlocks()) writer.writeRegion({ start: block.start, shape: block.shape, data: blockPixels(block) });
});
afterAll(() => tmp.cleanup());

describe('createRasterCube, read back by zarrita', () => {
  it('writes the data array (time, band, y, x) with its pixels', async () => {
    const { data, shape, dims } = await readWithZarrita(root, 'mosaic');
    expect(shape).toEqual([2, 2, 64, 96]);
    expect(dims).toEqual(['time', 'band', 'y', 'x']);
    const pixels = data as Uint16Array;
    for (const block of cubeBlocks()) {
      const [t, b, y0, x0] = block.start;
      const want = blockPixels(block);
      for (let y = 0; y < 16; y++) {
        const at = ((t * 2 + b) * 64 + y0 + y) * 96 + x0;
        expect(pixels.subarray(at, at + 32)).toEqual(want.subarray(y * 32, y * 32 + 32));
      }
    }
  });

  it('georeferences it by the CF grid mapping and the GeoZarr proj:/spatial: attributes', async () => {
    const { attrs } = await readWithZarrita(root, 'mosaic');
    expect(attrs).toMatchObject({
      grid_mapping: 'spatial_ref',
      'proj:code': 'EPSG:32633',
      'spatial:dimensions': ['y', 'x'],
      'spatial:transform': [10, 0, 500000, 0, -10, 6000000],
      'spatial:shape': [64, 96],
      'spatial:bbox': [500000, 5999360, 500960, 6000000],
      'spatial:registration': 'pixel',
    });
    const ref = await readWithZarrita(root, 'spatial_ref');
    expect([ref.shape, ref.data]).toEqual([[], 0]);
    expect(ref.attrs.GeoTransform).toBe('500000 10 0 6000000 0 -10');
    expect(ref.attrs.crs_wkt).toMatch(/^PROJCS\["WGS 84 \/ UTM zone 33N"/);
    expect(await groupAttrs(root)).toEqual({ rasterduck: { layout: 1, data: 'mosaic' } });
  });

  it('gives pixel-centre x and y, CF days for time and its bounds, and band names', async () => {
    const x = await readWithZarrita(root, 'x');
    const y = await readWithZarrita(root, 'y');
    expect([x.shape, x.dims, x.attrs.units]).toEqual([[96], ['x'], 'metre']);
    expect(Array.from(x.data as Float64Array).slice(0, 2)).toEqual([500005, 500015]);
    expect((x.data as Float64Array)[95]).toBe(500955);
    expect(Array.from(y.data as Float64Array).slice(0, 2)).toEqual([5999995, 5999985]);
    const time = await readWithZarrita(root, 'time');
    expect(Array.from(time.data as Int32Array)).toEqual([19448, 19539]);
    expect(time.attrs).toMatchObject({ units: 'days since 1970-01-01', calendar: 'proleptic_gregorian', bounds: 'time_bounds' });
    const bounds = await readWithZarrita(root, 'time_bounds');
    expect([bounds.shape, Array.from(bounds.data as Int32Array)]).toEqual([[2, 2], [19448, 19539, 19539, 19631]]);
    expect((await readWithZarrita(root, 'band')).data).toEqual(['B04', 'B08']);
  });

  it('uses geographic CF names for EPSG:4326', async () => {
    const dir = path.join(tmp.dir, 'lonlat.zarr');
    createRasterCube(new FileSystemStore(dir, { durable: false }), {
      ...CUBE, times: undefined, bandDim: 'class', bands: ['field'], dtype: 'float32', fillValue: NaN,
      grid: { crs: 4326, transform: { a: 8.983e-5, b: 0, c: 5, d: 0, e: -8.983e-5, f: 52 }, width: 40, height: 30 },
    });
    const { attrs, dims } = await readWithZarrita(dir, 'mosaic');
    expect([dims, attrs['proj:code']]).toEqual([['class', 'y', 'x'], 'EPSG:4326']);
    expect((await readWithZarrita(dir, 'x')).attrs).toMatchObject({ standard_name: 'longitude', units: 'degrees_east', axis: 'X' });
    expect((await readWithZarrita(dir, 'class')).data).toEqual(['field']);
  });

  it('labels the time axis with text when a step has no dates, replacing a dated axis it overwrites', async () => {
    const dir = path.join(tmp.dir, 'seasons.zarr');
    createRasterCube(new FileSystemStore(dir, { durable: false }), CUBE);
    expect((await readWithZarrita(dir, 'time_bounds')).shape).toEqual([2, 2]);
    createRasterCube(new FileSystemStore(dir, { durable: false }), { ...CUBE, times: [{ label: '11-15/02-15' }, CUBE.times![1]] }, { overwrite: true });
    const time = await readWithZarrita(dir, 'time');
    expect([time.data, time.dims, time.attrs]).toEqual([['11-15/02-15', '2023-07-01/2023-09-30'], ['time'], { long_name: 'compositing window', axis: 'T' }]);
    await expect(readWithZarrita(dir, 'time_bounds')).rejects.toThrow();
    expect((await readWithZarrita(dir, 'mosaic')).shape).toEqual([2, 2, 64, 96]);
  });

  it('refuses rotated grids, bad dates and reserved names before writing', () => {
    const store = new MemoryStore();
    expect(() => createRasterCube(store, { ...CUBE, grid: { ...CUBE.grid, transform: { ...CUBE.grid.transform, b: 1 } } })).toThrow(/is rotated or degenerate/);
    expect(() => createRasterCube(store, { ...CUBE, times: [{ start: '2023-02-30', end: '2023-03-01' }] })).toThrow(/'2023-02-30' is not a date/);
    expect(() => createRasterCube(store, { ...CUBE, name: 'x' })).toThrow(/'x' cannot name the data array/);
  });

  it('refuses another cube (bands reordered, other dates) without writing a byte of it', () => {
    const store = new MemoryStore();
    createRasterCube(store, CUBE);
    const snapshot = () => store.list('').map((k) => [k, Buffer.from(store.get(k)!).toString('hex')]);
    const before = snapshot();
    expect(() => createRasterCube(store, { ...CUBE, bands: [...CUBE.bands].reverse() })).toThrow(/other metadata, coordinates or bands \(band\/c\/0 differ\)/);
    expect(() => createRasterCube(store, { ...CUBE, times: [{ start: '2023-01-01', end: '2023-01-31' }, CUBE.times![1]] })).toThrow(/time\/c\/0, time_bounds\/c\/0\/0 differ/);
    expect(snapshot()).toEqual(before);
    createRasterCube(store, CUBE);
    expect(snapshot()).toEqual(before);
  });
});
