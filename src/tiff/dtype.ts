/**
 * The sample types rasterduck reads exactly, named as numpy and rasterio name them, and the
 * typed array each one decodes into.
 */
import { FormatError } from '../errors.js';
import type { TiffImage } from './tiff-image.js';

/** A sample type, spelled as numpy/rasterio spell it. */
export type Dtype = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/** The typed array holding samples of any {@link Dtype}. */
export type SampleArray =
  | Uint8Array | Int8Array | Uint16Array | Int16Array
  | Uint32Array | Int32Array | Float32Array | Float64Array;

const SAMPLE_FORMAT_NAMES: Readonly<Record<number, string>> = {
  1: 'unsigned integer', 2: 'signed integer', 3: 'floating point',
  4: 'undefined', 5: 'complex integer', 6: 'complex floating point',
};

/**
 * Colour spaces GDAL 3.6 reads through libtiff's RGBA interface when 8-bit (checked on
 * gdal_translate -co PHOTOMETRIC=CIELAB / CMYK files: rasterio returns 4 RGBA bands, not the
 * stored samples); at 16 bits it returns them as stored, as rasterduck does.
 */
const GDAL_CONVERTS: Readonly<Record<number, string>> = { 5: 'CMYK', 8: 'CIELab' };

/** SampleFormat (tag 339) x BitsPerSample -> dtype, for every pair we read exactly. */
const DTYPES: Readonly<Record<string, Dtype>> = {
  '1:8': 'uint8', '2:8': 'int8', '1:16': 'uint16', '2:16': 'int16',
  '1:32': 'uint32', '2:32': 'int32', '3:32': 'float32', '3:64': 'float64',
};

/**
 * The numpy name of an image's sample type, e.g. 'uint16'.
 * @throws FormatError for 8-bit CIELab and CMYK (which GDAL converts to
 * RGBA), mixed bit depths or formats, and sample types
 * numpy-compatible readers do not return as plain numbers (1/4/12-bit, 16/24-bit float,
 * complex, 64-bit integers).
 */
export function dtypeOf(image: TiffImage, url?: string): Dtype {
  const refuse = (reason: string, hint?: string): never => {
    throw new FormatError({ url, reason: `${reason} (IFD ${image.ifdIndex})`, hint });
  };
  // palette images (photometric 3) read as their indices, as GDAL and rasterio read them
  const bits = image.bitsPerSample;
  const converted = GDAL_CONVERTS[image.photometric];
  if (converted !== undefined && bits.every((b) => b <= 8)) {
    refuse(`${converted} (PhotometricInterpretation ${image.photometric}) 8-bit images are not supported: GDAL reads them converted to RGBA, not as stored`,
      'Convert it as GDAL does first: gdal_translate -co PHOTOMETRIC=RGB in.tif out.tif');
  }
  const formats = image.sampleFormat.length > 0 ? image.sampleFormat : [1];
  if (bits.length === 0 || bits.some((b) => b !== bits[0]) || formats.some((f) => f !== formats[0])) {
    refuse(`mixed sample types are not supported (BitsPerSample ${bits.join(',')}, SampleFormat ${formats.join(',')})`);
  }
  const dtype = DTYPES[`${formats[0]}:${bits[0]}`];
  if (dtype === undefined) {
    const kind = SAMPLE_FORMAT_NAMES[formats[0]] ?? `SampleFormat ${formats[0]}`;
    refuse(`${bits[0]}-bit ${kind} samples are not supported (supported: ${Object.values(DTYPES).join(', ')})`,
      'Rewrite it with a supported type, e.g. gdal_translate -ot UInt16 in.tif out.tif');
  }
  return dtype as Dtype;
}

/** Bytes per sample of a dtype. */
export function bytesPerSampleOf(dtype: Dtype): number {
  return Number(/\d+/.exec(dtype)?.[0]) / 8;
}

/** A typed-array view of native-endian bytes as samples of the dtype (no copy; bytes must be aligned). */
export function viewAs(dtype: Dtype, bytes: Uint8Array): SampleArray {
  const { buffer, byteOffset } = bytes;
  const n = bytes.byteLength / bytesPerSampleOf(dtype);
  switch (dtype) {
    case 'uint8': return bytes;
    case 'int8': return new Int8Array(buffer, byteOffset, n);
    case 'uint16': return new Uint16Array(buffer, byteOffset, n);
    case 'int16': return new Int16Array(buffer, byteOffset, n);
    case 'uint32': return new Uint32Array(buffer, byteOffset, n);
    case 'int32': return new Int32Array(buffer, byteOffset, n);
    case 'float32': return new Float32Array(buffer, byteOffset, n);
    case 'float64': return new Float64Array(buffer, byteOffset, n);
  }
}
