/**
 * Opens a raster cube written by raster-cube.ts (build_mosaic's mosaic, predict_block's
 * probabilities) for reading: its data array, band (or class) names, time count and grid
 * (CRS and transform from the array's `proj:`/`spatial:` attributes).
 */
import { FormatError } from '../errors.js';
import type { Affine } from '../geo/affine.js';
import { ArrayReader } from './array-reader.js';
import { FileSystemStore } from './fs-store.js';
import type { RasterGrid } from './geo-attributes.js';
import { getJson, joinKey, type Store } from './store.js';

/** An open cube: `[time,] band, y, x`. */
export interface RasterCubeInput {
  readonly store: Store;
  readonly data: ArrayReader;
  /** Names along the band (or class) dimension. */
  readonly bands: readonly string[];
  /** The band dimension's name (`band`, `class`). */
  readonly bandDim: string;
  /** Length of the time axis; 0 when the cube has none. */
  readonly times: number;
  readonly grid: RasterGrid;
}

/**
 * Opens the cube in folder `path`.
 * @throws InputError when there is no cube there; FormatError when it lacks what rasterduck writes.
 */
export function openRasterCube(path: string): RasterCubeInput {
  const store = new FileSystemStore(path);
  const group = (getJson(store, 'zarr.json') ?? {}) as { attributes?: { rasterduck?: { data?: string } } };
  const name = group.attributes?.rasterduck?.data ?? 'mosaic';
  const data = ArrayReader.open(store, name);
  const refuse = (reason: string): never => {
    throw new FormatError({ url: `${store.url}/${name}`, reason, hint: 'Read cubes written by build_mosaic or predict_block' });
  };
  const { shape, dimensionNames, attributes = {} } = data.spec;
  if (shape.length !== 3 && shape.length !== 4) refuse(`has ${shape.length} dimensions, not [time,] band, y, x`);
  const bandDim = dimensionNames?.[shape.length - 3] ?? 'band';
  const t = attributes['spatial:transform'] as number[] | undefined;
  const crs = (attributes['proj:code'] ?? attributes['proj:wkt2']) as string | undefined;
  if (!t || t.length !== 6 || crs === undefined) return refuse('has no spatial:transform or proj:code/proj:wkt2 attribute');
  const transform: Affine = { a: t[0], b: t[1], c: t[2], d: t[3], e: t[4], f: t[5] };
  const bands = readStrings(store, bandDim) ?? shape.slice(-3, -2).flatMap((n) => Array.from({ length: n }, (_, i) => String(i)));
  if (bands.length !== shape[shape.length - 3]) refuse(`names ${bands.length} ${bandDim}s for ${shape[shape.length - 3]}`);
  return {
    store, data, bands, bandDim, times: shape.length === 4 ? shape[0] : 0,
    grid: { crs, transform, width: shape[shape.length - 1], height: shape[shape.length - 2] },
  };
}

// a 1-d `string` array in one vlen-utf8 chunk, as raster-cube.ts writes band names
function readStrings(store: Store, name: string): string[] | undefined {
  const bytes = store.get(joinKey(name, 'c', '0'));
  if (bytes === undefined) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  let at = 4;
  for (let i = 0; i < view.getUint32(0, true); i++) {
    const n = view.getUint32(at, true);
    out.push(new TextDecoder().decode(bytes.subarray(at + 4, at + 4 + n)));
    at += 4 + n;
  }
  return out;
}
