/**
 * zarr.json documents for groups and arrays (Zarr v3 core spec, "Metadata"), built from a
 * small {@link ArraySpec} and parsed back from disk. The layouts written are exactly two:
 * plain chunks with codecs `[bytes, zstd?]`, or shards with the `sharding_indexed` codec
 * (Zarr v3 "Sharding codec") whose inner chunks use that chain and whose index uses
 * `[bytes little-endian, crc32c]` at the end of the shard.
 */
import { FormatError, InputError } from '../errors.js';
import { bytesPerSampleOf, fillValueJson, fillValueNumber, isDtype, type Dtype } from './data-type.js';

/** What an array is: the inputs of {@link arrayMetadata}. */
export interface ArraySpec {
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  /** The chunks readers decode: the inner chunks of a shard when sharded. */
  readonly chunkShape: readonly number[];
  /** The shard shape, a multiple of `chunkShape` in every dimension; absent for plain chunks. */
  readonly shardShape?: readonly number[];
  /** What empty chunks read as; NaN is allowed for floats. */
  readonly fillValue: number;
  /** zstd level for chunks; null stores them raw. Default {@link DEFAULT_ZSTD_LEVEL}. */
  readonly zstdLevel?: number | null;
  /** One name per dimension, e.g. `['time', 'band', 'y', 'x']` (xarray's dims). */
  readonly dimensionNames?: readonly string[];
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** A codec entry of zarr.json (Zarr v3 core spec, "codecs"). */
export interface CodecMetadata {
  readonly name: string;
  readonly configuration?: Readonly<Record<string, unknown>>;
}

/** zstd level 1: on imagery it compresses as well as 3 here at about twice the speed (measured on this machine). */
export const DEFAULT_ZSTD_LEVEL = 1;

// zarrita and zarr-python decode chunks into one typed array; keep a chunk well under 2 GiB
const MAX_CHUNK_BYTES = 2 ** 30;

/** The codecs of one (inner) chunk: little-endian bytes, then zstd unless `level` is null. */
export function chunkCodecs(dtype: Dtype, level: number | null): CodecMetadata[] {
  // `endian` is required unless the data type is one byte (Zarr v3 "bytes" codec)
  const bytes: CodecMetadata = bytesPerSampleOf(dtype) === 1 ? { name: 'bytes' } : { name: 'bytes', configuration: { endian: 'little' } };
  return level === null ? [bytes] : [bytes, { name: 'zstd', configuration: { level, checksum: false } }];
}

/** The shard index codecs: uint64 pairs, little-endian, followed by their CRC-32C. */
export const INDEX_CODECS: readonly CodecMetadata[] = [{ name: 'bytes', configuration: { endian: 'little' } }, { name: 'crc32c' }];

/**
 * The zarr.json of an array.
 * @throws InputError when the spec is inconsistent (see {@link checkSpec}).
 */
export function arrayMetadata(spec: ArraySpec): Record<string, unknown> {
  checkSpec(spec);
  const inner = chunkCodecs(spec.dtype, spec.zstdLevel === undefined ? DEFAULT_ZSTD_LEVEL : spec.zstdLevel);
  const codecs = spec.shardShape === undefined ? inner : [{
    name: 'sharding_indexed',
    configuration: { chunk_shape: spec.chunkShape, codecs: inner, index_codecs: INDEX_CODECS, index_location: 'end' },
  }];
  return {
    zarr_format: 3,
    node_type: 'array',
    shape: spec.shape,
    data_type: spec.dtype,
    chunk_grid: { name: 'regular', configuration: { chunk_shape: spec.shardShape ?? spec.chunkShape } },
    chunk_key_encoding: { name: 'default', configuration: { separator: '/' } },
    fill_value: fillValueJson(spec.dtype, spec.fillValue),
    codecs,
    attributes: spec.attributes ?? {},
    ...(spec.dimensionNames ? { dimension_names: spec.dimensionNames } : {}),
  };
}

/** The zarr.json of a group. */
export function groupMetadata(attributes: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return { zarr_format: 3, node_type: 'group', attributes };
}

/** The key of a chunk (or shard) under its array: the `default` encoding with `/` (`c/0/1/2`; `c` for 0-d arrays). */
export function chunkKey(coords: readonly number[]): string {
  return ['c', ...coords].join('/');
}

/**
 * Checks that a spec describes an array the writers can produce.
 * @throws InputError naming the first problem.
 */
export function checkSpec(spec: ArraySpec): void {
  const bad = (reason: string, hint?: string): never => {
    throw new InputError({ reason, hint });
  };
  const rank = spec.shape.length;
  if (!isDtype(spec.dtype)) bad(`unsupported data type '${String(spec.dtype)}'`, 'Use uint8, int8, uint16, int16, uint32, int32, float32 or float64');
  if (!spec.shape.every((n) => Number.isInteger(n) && n >= 0)) bad(`array shape [${spec.shape}] must be non-negative integers`);
  if (spec.chunkShape.length !== rank || !spec.chunkShape.every((n) => Number.isInteger(n) && n > 0)) {
    bad(`chunk shape [${spec.chunkShape}] must be ${rank} positive integers, one per dimension of [${spec.shape}]`);
  }
  const shard = spec.shardShape;
  if (shard && (shard.length !== rank || shard.some((n, i) => !Number.isInteger(n) || n <= 0 || n % spec.chunkShape[i] !== 0))) {
    bad(`shard shape [${shard}] must be a multiple of the chunk shape [${spec.chunkShape}] in every dimension`, 'e.g. chunks [1,1,512,512] in shards [1,1,2048,2048]');
  }
  if (spec.dimensionNames && spec.dimensionNames.length !== rank) bad(`${spec.dimensionNames.length} dimension names for ${rank} dimensions`);
  const level = spec.zstdLevel;
  if (level !== undefined && level !== null && !(Number.isInteger(level) && level >= 0 && level <= 22)) bad(`zstd level ${level} is not 0 to 22`);
  const chunkBytes = spec.chunkShape.reduce((a, b) => a * b, bytesPerSampleOf(spec.dtype));
  if (chunkBytes > MAX_CHUNK_BYTES) bad(`a chunk of [${spec.chunkShape}] ${spec.dtype} is ${chunkBytes} bytes`, 'Keep chunks under 1 GiB, e.g. 1x1x4096x4096');
  fillValueJson(spec.dtype, spec.fillValue);
}

/**
 * Reads an {@link ArraySpec} back from a zarr.json this module wrote.
 * @throws FormatError when the document is not an array in one of the two layouts written here.
 */
export function parseArrayMetadata(json: unknown, url: string): ArraySpec {
  const refuse = (reason: string): never => {
    throw new FormatError({ url, reason, hint: 'rasterduck writes only arrays it created; delete the output or choose another path' });
  };
  const m = (json ?? {}) as Record<string, unknown>;
  if (m.zarr_format !== 3 || m.node_type !== 'array') refuse('is not a Zarr v3 array (zarr_format 3, node_type "array")');
  const dtype = String(m.data_type);
  if (!isDtype(dtype)) return refuse(`data type '${dtype}' is not one rasterduck writes`);
  const grid = (m.chunk_grid ?? {}) as { name?: string; configuration?: { chunk_shape?: number[] } };
  const keys = (m.chunk_key_encoding ?? {}) as { name?: string; configuration?: { separator?: string } };
  if (grid.name !== 'regular' || keys.name !== 'default' || (keys.configuration?.separator ?? '/') !== '/') refuse('only regular grids with default "/" chunk keys are written here');
  const codecs = (m.codecs ?? []) as CodecMetadata[];
  const sharding = codecs.length === 1 && codecs[0].name === 'sharding_indexed' ? codecs[0].configuration as Record<string, unknown> : undefined;
  const inner = (sharding?.codecs ?? codecs) as CodecMetadata[];
  const zstd = inner.find((c) => c.name === 'zstd');
  if (sharding && (sharding.index_location ?? 'end') !== 'end') refuse('shard index is not at the end');
  return {
    shape: m.shape as number[],
    dtype,
    chunkShape: sharding ? sharding.chunk_shape as number[] : grid.configuration?.chunk_shape ?? [],
    ...(sharding ? { shardShape: grid.configuration?.chunk_shape ?? [] } : {}),
    fillValue: fillValueNumber(m.fill_value),
    zstdLevel: zstd ? Number(zstd.configuration?.level ?? 0) : null,
    ...(Array.isArray(m.dimension_names) ? { dimensionNames: m.dimension_names as string[] } : {}),
    attributes: (m.attributes ?? {}) as Record<string, unknown>,
  };
}
