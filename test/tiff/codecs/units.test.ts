/**
 * Hand-calculated cases for the pieces GDAL fixtures exercise only as a whole: PackBits
 * (Apple TN1023's example), both predictors, byte swapping, dtypeOf's refusals, and the
 * registry's contract.
 */
import { describe, expect, it } from 'vitest';
import { FormatError, InternalError } from '../../../src/errors.js';
import { codecFor } from '../../../src/tiff/codecs/index.js';
import { unpackBits } from '../../../src/tiff/codecs/packbits.js';
import { dtypeOf } from '../../../src/tiff/dtype.js';
import { swapBytes, undoFloatingPoint, undoHorizontal } from '../../../src/tiff/predictor.js';
import type { TiffImage } from '../../../src/tiff/tiff-image.js';

const hex = (s: string): Uint8Array => Uint8Array.from(s.split(' ').map((h) => parseInt(h, 16)));

describe('unpackBits', () => {
  it('expands the TN1023 example', () => {
    const packed = hex('FE AA 02 80 00 2A FD AA 03 80 00 2A 22 F7 AA');
    const unpacked = hex('AA AA AA 80 00 2A AA AA AA AA 80 00 2A 22 AA AA AA AA AA AA AA AA AA AA');
    expect(unpackBits(packed, unpacked.length)).toEqual(unpacked);
  });
  it('stops at the block size and skips the -128 no-op', () => {
    expect(unpackBits(hex('80 FD 07'), 2)).toEqual(hex('07 07'));
  });
});

describe('predictors', () => {
  const layout = { width: 3, height: 2, samples: 2, bytesPerSample: 2 };
  it('undoes horizontal differencing per sample, per row, wrapping', () => {
    // pixels (s0,s1): row 0 = (1,100) (+2,+65535) (+3,+1); row 1 = (5,0) (-1,0) (0,7)
    const words = new Uint16Array([1, 100, 2, 65535, 3, 1, 5, 0, 65535, 0, 0, 7]);
    undoHorizontal(new Uint8Array(words.buffer), layout);
    expect(Array.from(words)).toEqual([1, 100, 3, 99, 6, 100, 5, 0, 4, 0, 4, 7]);
  });
  it('undoes horizontal differencing on 64-bit samples with carry', () => {
    const w = new BigUint64Array([0xffffffffn, 1n, 0xffffffffffffffffn]);
    undoHorizontal(new Uint8Array(w.buffer), { width: 3, height: 1, samples: 1, bytesPerSample: 8 });
    expect(Array.from(w)).toEqual([0xffffffffn, 0x100000000n, 0xffffffffn]);
  });
  it('undoes the floating-point predictor (TN3 byte planes, most significant first)', () => {
    // 1.0f = 3F800000, 2.0f = 40000000; planes 3F 40 | 80 00 | 00 00 | 00 00, then
    // byte differences: 3F 01 40 80 00 00 00 00
    const bytes = hex('3F 01 40 80 00 00 00 00');
    undoFloatingPoint(bytes, { width: 2, height: 1, samples: 1, bytesPerSample: 4 });
    expect(Array.from(new Float32Array(bytes.buffer))).toEqual([1, 2]);
  });
  it('swaps bytes per sample', () => {
    const b = hex('01 02 03 04 05 06 07 08');
    swapBytes(b, 4);
    expect(b).toEqual(hex('04 03 02 01 08 07 06 05'));
  });
});

describe('dtypeOf', () => {
  const image = (over: Partial<TiffImage>): TiffImage => ({
    ifdIndex: 0, role: 'full', width: 8, height: 8, tiled: true, blockWidth: 16, blockHeight: 16,
    bitsPerSample: [16], sampleFormat: [1], samplesPerPixel: 1, planarConfiguration: 1, compression: 1,
    predictor: 1, photometric: 1, extraSamples: [], blockOffsets: [0], blockByteCounts: [0], ...over,
  });
  it('names numpy types', () => {
    expect(dtypeOf(image({}))).toBe('uint16');
    expect(dtypeOf(image({ bitsPerSample: [8], sampleFormat: [2] }))).toBe('int8');
    expect(dtypeOf(image({ bitsPerSample: [64, 64], sampleFormat: [3, 3], samplesPerPixel: 2 }))).toBe('float64');
    // a palette image reads as its indices, as GDAL and rasterio read it
    expect(dtypeOf(image({ bitsPerSample: [8], photometric: 3 }))).toBe('uint8');
  });
  it.each([
    [{ bitsPerSample: [1] }, /1-bit unsigned integer samples are not supported/],
    [{ bitsPerSample: [4] }, /4-bit/],
    [{ bitsPerSample: [12] }, /12-bit/],
    [{ bitsPerSample: [8, 16], samplesPerPixel: 2 }, /mixed sample types/],
    [{ bitsPerSample: [32], sampleFormat: [6] }, /complex floating point/],
    [{ bitsPerSample: [16], sampleFormat: [3] }, /16-bit floating point/],
  ])('refuses %o', (over, reason) => {
    expect(() => dtypeOf(image(over), 's3://b/k.tif')).toThrow(FormatError);
    expect(() => dtypeOf(image(over), 's3://b/k.tif')).toThrow(reason);
    expect(() => dtypeOf(image(over), 's3://b/k.tif')).toThrow(/s3:\/\/b\/k\.tif/);
  });
});

describe('codec registry', () => {
  it('asks for prepareCodec before a codec is used', () => {
    expect(() => codecFor(50001, 'f.tif')).toThrow(InternalError);
    expect(() => codecFor(3, 'f.tif')).toThrow(/compression 3 is not supported/);
  });
});
