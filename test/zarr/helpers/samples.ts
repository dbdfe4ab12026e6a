/** Deterministic test rasters: typed arrays of every dtype with values spread over its range. */
import { allocSamples, type Dtype, type SampleArray } from '../../../src/zarr/data-type.js';

const RANGE: Record<Dtype, [number, number]> = {
  uint8: [0, 255], int8: [-128, 127], uint16: [0, 65535], int16: [-32768, 32767],
  uint32: [0, 4294967295], int32: [-2147483648, 2147483647], float32: [-1e6, 1e6], float64: [-1e12, 1e12],
};

/** `n` samples from a seeded generator (mulberry32), integers for integer types. */
export function makeSamples(dtype: Dtype, n: number, seed = 1): SampleArray {
  const out = allocSamples(dtype, n);
  const [lo, hi] = RANGE[dtype];
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    const v = lo + u * (hi - lo);
    out[i] = dtype.startsWith('float') ? v : Math.floor(v);
  }
  return out;
}

/** The bytes of a typed array (for exact comparisons that treat NaN as equal to NaN). */
export function bytesOf(samples: ArrayBufferView): Uint8Array {
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}
