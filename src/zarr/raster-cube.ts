/**
 * A georeferenced raster cube in a Zarr v3 group: the data array (`[time,] band, y, x`)
 * and everything a reader needs to place it, following the convention of
 * geo-attributes.ts. Layout of the group (the store root):
 *
 * ```
 * zarr.json              group; attributes.rasterduck = { layout: 1, data: <name> }
 * <name>/                the data array, chunks 1 x 1 x chunkPx inside shards 1 x 1 x shardPx
 * x/ y/                  float64 pixel centres (CF attributes)
 * band/                  band (or class) names, `string` data type, vlen-utf8
 * time/ time_bounds/     int32 days since 1970-01-01: window start, and [start, end + 1 day);
 *                        or, when a step has no dates (a season of every year), only time/
 *                        as `string` labels (e.g. '11-15/02-15'), like band/
 * spatial_ref/           0-d CF grid mapping (crs_wkt, spatial_ref, GeoTransform)
 * .rasterduck/           block ledger (block-ledger.ts), ignored by Zarr readers
 * ```
 */
import { InputError } from '../errors.js';
import { groupMetadata } from './array-metadata.js';
import { ArrayWriter } from './array-writer.js';
import { encodeVlenUtf8 } from './chunk-codec.js';
import type { Dtype } from './data-type.js';
import { axisCoordinate, crsText, gridMappingAttributes, rasterAttributes, GRID_MAPPING, type RasterGrid } from './geo-attributes.js';
import { joinKey, MemoryStore, setJson, type Store } from './store.js';

/** Chunk size of the data array's y and x, in pixels (see DEFAULT_SHARD_PX for why). */
export const DEFAULT_CHUNK_PX = 512;
/**
 * Shard size in pixels. RasterFlow's planet-scale mosaics use 4096 px chunks in 12288 px
 * shards (288 MiB of uint16 per band and date); rasterduck's default is 2048 px shards of
 * 512 px chunks: a shard is the unit of atomic write and of restart, so 8 MiB (uint16) keeps
 * a block's working set small on a 2-core machine, gives a demo mosaic several blocks to
 * resume between, and 512 px chunks match COG tiles and a 256 px model patch plus halo.
 */
export const DEFAULT_SHARD_PX = 2048;

/** One time step: the dates (ISO `YYYY-MM-DD`, both inclusive) of a compositing window. */
export interface TimeWindow {
  readonly start: string;
  readonly end: string;
}

/** A time step: a window of dates, or only a label when it has no dates (a recurring season). */
export type TimeStep = TimeWindow | { readonly label: string };

/** What {@link createRasterCube} writes. */
export interface RasterCubeSpec {
  /** The data array's name, e.g. `mosaic` or `probabilities`. */
  readonly name: string;
  readonly dtype: Dtype;
  /** Nodata: what unwritten pixels read as (NaN allowed for floats). */
  readonly fillValue: number;
  readonly grid: RasterGrid;
  /** Band names, e.g. `['B02', 'B03']`, or class labels. */
  readonly bands: readonly string[];
  /** The band dimension's name; default `band` (e.g. `class` for predictions). */
  readonly bandDim?: string;
  /** Time steps; without them the cube has no time dimension. */
  readonly times?: readonly TimeStep[];
  /** Chunk [y, x] in pixels; default {@link DEFAULT_CHUNK_PX} square. */
  readonly chunkPx?: readonly [number, number];
  /** Shard [y, x] in pixels, a multiple of chunkPx; null for plain chunks. Default {@link DEFAULT_SHARD_PX} square. */
  readonly shardPx?: readonly [number, number] | null;
  readonly zstdLevel?: number | null;
  /** More attributes of the data array (provenance, parameters). */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** The metadata and coordinate files of a cube, computed before any of them is written. */
export interface CubePlan {
  readonly spec: RasterCubeSpec;
  /** Every file of the cube except the data array's chunks: key to bytes. */
  readonly files: MemoryStore;
}

/**
 * Computes the cube's files (group, coordinates, the data array's zarr.json) without
 * touching any store, so an output can be checked whole before the first byte is written.
 * @throws InputError for an invalid spec, CRS, rotated transform or date.
 */
export function planRasterCube(spec: RasterCubeSpec): CubePlan {
  const files = new MemoryStore();
  writeCube(files, spec);
  return { spec, files };
}

/**
 * The keys of `store` that differ from the plan (another cube's metadata, bands, dates or
 * grid there), sorted; empty when the plan fits what is there (or nothing is). Read only.
 */
export function cubeConflicts(store: Store, plan: CubePlan): string[] {
  const differ = plan.files.list('').filter((k) => {
    const have = store.get(k);
    return have !== undefined && !sameBytes(have, plan.files.get(k) as Uint8Array);
  });
  // a dated cube's bounds, which a cube whose time axis is labels does not have
  const extra = plan.files.get('time_bounds/zarr.json') === undefined ? store.list('time_bounds/') : [];
  return [...differ, ...extra].sort();
}

/**
 * Writes the planned files that are missing or differ (each atomically) and returns the
 * data array's writer; chunks already stored are kept, so a restarted run resumes.
 * @throws InputError, before writing anything, when the store holds another cube
 *   ({@link cubeConflicts}) and `overwrite` is not set; with it, each differing array is
 *   removed with its chunks first.
 */
export function writeRasterCube(store: Store, plan: CubePlan, options: { overwrite?: boolean } = {}): ArrayWriter {
  const conflicts = cubeConflicts(store, plan);
  if (conflicts.length > 0 && !options.overwrite) {
    throw new InputError({
      url: store.url,
      reason: `the output holds a cube with other metadata, coordinates or bands (${conflicts.slice(0, 3).join(', ')} differ)`,
      hint: 'Delete it, write elsewhere, or pass overwrite',
    });
  }
  for (const node of new Set(conflicts.map((k) => k.split('/')[0]))) {
    if (node !== 'zarr.json') for (const k of store.list(`${node}/`)) store.delete(k);
  }
  for (const key of plan.files.list('')) {
    const want = plan.files.get(key) as Uint8Array;
    const have = store.get(key);
    if (have === undefined || !sameBytes(have, want)) store.set(key, want);
  }
  return ArrayWriter.open(store, plan.spec.name);
}

/**
 * Creates (or reopens, when identical) the cube's group, coordinate arrays and data array,
 * and returns the data array's writer: {@link planRasterCube} then {@link writeRasterCube}.
 * Coordinates are written here; data comes block by block. Nothing is written when the
 * store holds another cube and `overwrite` is not set. For a blockwise run's output use
 * claimCubeOutput (cube-output.ts), which claims the output first.
 * @throws InputError for an invalid spec, CRS or rotated transform, or an existing cube with other metadata (unless `overwrite`).
 */
export function createRasterCube(store: Store, spec: RasterCubeSpec, options: { overwrite?: boolean } = {}): ArrayWriter {
  return writeRasterCube(store, planRasterCube(spec), options);
}

// the cube's files into an empty store (the plan), so no write here can meet an old value
function writeCube(store: Store, spec: RasterCubeSpec): void {
  const { grid, bands } = spec;
  const bandDim = spec.bandDim ?? 'band';
  checkNames(spec, bandDim);
  const crs = crsText(grid.crs);
  setJson(store, 'zarr.json', groupMetadata({ rasterduck: { layout: 1, data: spec.name } }));
  writeCoordinate(store, 'x', 'float64', axisCoordinate(grid, 'x', crs.geographic));
  writeCoordinate(store, 'y', 'float64', axisCoordinate(grid, 'y', crs.geographic));
  writeStrings(store, bandDim, bands);
  ArrayWriter.create(store, GRID_MAPPING, { shape: [], dtype: 'int32', chunkShape: [], fillValue: 0, attributes: gridMappingAttributes(grid, crs) });
  const lead = spec.times ? [spec.times.length, bands.length] : [bands.length];
  if (spec.times) writeTimes(store, spec.times);
  const [chunkY, chunkX] = spec.chunkPx ?? [DEFAULT_CHUNK_PX, DEFAULT_CHUNK_PX];
  const shard = spec.shardPx === undefined ? [DEFAULT_SHARD_PX, DEFAULT_SHARD_PX] : spec.shardPx;
  ArrayWriter.create(store, spec.name, {
    shape: [...lead, grid.height, grid.width],
    dtype: spec.dtype,
    chunkShape: [...lead.map(() => 1), chunkY, chunkX],
    ...(shard === null ? {} : { shardShape: [...lead.map(() => 1), shard[0], shard[1]] }),
    fillValue: spec.fillValue,
    zstdLevel: spec.zstdLevel,
    dimensionNames: [...(spec.times ? ['time'] : []), bandDim, 'y', 'x'],
    attributes: { ...rasterAttributes(grid, crs), ...spec.attributes },
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function writeCoordinate(
  store: Store, name: string, dtype: 'float64' | 'int32',
  { values, attributes }: { values: Float64Array | Int32Array; attributes: Record<string, unknown> },
  dims: readonly string[] = [name], shape: readonly number[] = [values.length],
): void {
  const writer = ArrayWriter.create(store, name, {
    shape, dtype, chunkShape: shape.map((n) => Math.max(n, 1)), fillValue: 0, dimensionNames: dims, attributes,
  });
  writer.writeRegion({ start: shape.map(() => 0), shape, data: values });
}

// `string` data type with the vlen-utf8 codec, as zarr-python 3 writes str arrays
function writeStrings(store: Store, name: string, values: readonly string[], attributes: Record<string, unknown> = {}): void {
  setJson(store, joinKey(name, 'zarr.json'), {
    zarr_format: 3, node_type: 'array', shape: [values.length], data_type: 'string',
    chunk_grid: { name: 'regular', configuration: { chunk_shape: [Math.max(values.length, 1)] } },
    chunk_key_encoding: { name: 'default', configuration: { separator: '/' } },
    fill_value: '', codecs: [{ name: 'vlen-utf8', configuration: {} }], attributes, dimension_names: [name],
  });
  store.set(joinKey(name, 'c', '0'), encodeVlenUtf8(values));
}

const DAY_MS = 86_400_000;

// CF time needs dates; a step without them (a season of every year) has none to give, so
// then the whole axis is labelled with text, each dated step as 'start/end'
function writeTimes(store: Store, times: readonly TimeStep[]): void {
  if (!times.every((w): w is TimeWindow => 'start' in w)) {
    const labels = times.map((w) => ('label' in w ? w.label : `${w.start}/${w.end}`));
    writeStrings(store, 'time', labels, { long_name: 'compositing window', axis: 'T' });
    return;
  }
  const starts = new Int32Array(times.length);
  const bounds = new Int32Array(times.length * 2);
  times.forEach((w, i) => {
    const [start, end] = [dayNumber(w.start), dayNumber(w.end)];
    if (end < start) throw new InputError({ reason: `time window ${w.start}..${w.end} ends before it starts` });
    [starts[i], bounds[2 * i], bounds[2 * i + 1]] = [start, start, end + 1];
  });
  const units = { units: 'days since 1970-01-01', calendar: 'proleptic_gregorian' };
  writeCoordinate(store, 'time', 'int32', { values: starts, attributes: { ...units, standard_name: 'time', axis: 'T', bounds: 'time_bounds' } });
  writeCoordinate(store, 'time_bounds', 'int32', { values: bounds, attributes: units }, ['time', 'bnds'], [times.length, 2]);
}

function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new InputError({ reason: `'${date}' is not a date`, hint: 'Write dates as YYYY-MM-DD' });
  }
  return ms / DAY_MS;
}

function checkNames(spec: RasterCubeSpec, bandDim: string): void {
  const reserved = new Set(['x', 'y', 'time', 'time_bounds', GRID_MAPPING, bandDim, '.rasterduck']);
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(spec.name) || reserved.has(spec.name)) {
    throw new InputError({ reason: `'${spec.name}' cannot name the data array`, hint: 'Use a plain name such as mosaic, not x, y, time, band or spatial_ref' });
  }
  if (spec.bands.length === 0 || new Set(spec.bands).size !== spec.bands.length) {
    throw new InputError({ reason: `band names [${spec.bands.join(', ')}] must be present and distinct` });
  }
  if (!Number.isInteger(spec.grid.width) || !Number.isInteger(spec.grid.height) || spec.grid.width < 1 || spec.grid.height < 1) {
    throw new InputError({ reason: `grid of ${spec.grid.width} x ${spec.grid.height} pixels is empty or fractional` });
  }
}
