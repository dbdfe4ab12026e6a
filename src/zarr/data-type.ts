/**
 * Zarr v3 core data types for rasters (uint8 … float64, the same names as numpy and
 * rasterio, so {@link Dtype} is shared with the TIFF reader) and their fill values.
 */
import { InputError } from '../errors.js';
import { bytesPerSampleOf, type Dtype, type SampleArray } from '../tiff/dtype.js';

// one definition of the sample types, shared with the TIFF reader
export { bytesPerSampleOf, type Dtype, type SampleArray };

/** Every data type the writers accept (Zarr v3 core spec, "Data types"). */
export const DTYPES: readonly Dtype[] = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'];

const INT_RANGE: Readonly<Partial<Record<Dtype, readonly [number, number]>>> = {
  uint8: [0, 255], int8: [-128, 127], uint16: [0, 65535], int16: [-32768, 32767],
  uint32: [0, 4294967295], int32: [-2147483648, 2147483647],
};

/** True for a data type name the writers accept. */
export function isDtype(name: string): name is Dtype {
  return (DTYPES as readonly string[]).includes(name);
}

/** A zero-filled typed array of `length` samples. */
export function allocSamples(dtype: Dtype, length: number): SampleArray {
  switch (dtype) {
    case 'uint8': return new Uint8Array(length);
    case 'int8': return new Int8Array(length);
    case 'uint16': return new Uint16Array(length);
    case 'int16': return new Int16Array(length);
    case 'uint32': return new Uint32Array(length);
    case 'int32': return new Int32Array(length);
    case 'float32': return new Float32Array(length);
    case 'float64': return new Float64Array(length);
  }
}

/** The data type a typed array holds (a Buffer counts as uint8). */
export function dtypeOfSamples(samples: SampleArray): Dtype {
  if (samples instanceof Uint8Array) return 'uint8';
  if (samples instanceof Int8Array) return 'int8';
  if (samples instanceof Uint16Array) return 'uint16';
  if (samples instanceof Int16Array) return 'int16';
  if (samples instanceof Uint32Array) return 'uint32';
  if (samples instanceof Int32Array) return 'int32';
  return samples instanceof Float32Array ? 'float32' : 'float64';
}

/**
 * A fill value as zarr.json spells it: a JSON number, or `"NaN"`, `"Infinity"`,
 * `"-Infinity"` for floats (Zarr v3 core spec, "fill_value", permitted special values).
 * @throws InputError when the value does not fit the data type.
 */
export function fillValueJson(dtype: Dtype, value: number): number | string {
  const range = INT_RANGE[dtype];
  if (range) {
    if (!Number.isInteger(value) || value < range[0] || value > range[1]) {
      throw new InputError({ reason: `fill value ${value} does not fit ${dtype} (${range[0]} to ${range[1]})`, hint: 'Pick a nodata value inside the range of the data type' });
    }
    return value;
  }
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return dtype === 'float32' ? Math.fround(value) : value;
}

/** The fill value of a zarr.json back as a number (the inverse of {@link fillValueJson}). */
export function fillValueNumber(json: unknown): number {
  if (json === 'NaN') return NaN;
  if (json === 'Infinity') return Infinity;
  if (json === '-Infinity') return -Infinity;
  return typeof json === 'number' ? json : NaN;
}

// TypedArrays use the platform's byte order; Zarr's `bytes` codec here is little-endian
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The samples' bytes in little-endian order (a view on little-endian hosts, a swapped copy elsewhere). */
export function littleEndianBytes(samples: SampleArray): Uint8Array {
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const size = samples.BYTES_PER_ELEMENT;
  if (LITTLE_ENDIAN || size === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) {
    for (let k = 0; k < size; k++) out[i + k] = bytes[i + size - 1 - k];
  }
  return out;
}
