/**
 * A small Cloud-Optimized GeoTIFF writer: classic little-endian TIFF, tiled, DEFLATE
 * (with the horizontal predictor for integers) or uncompressed, one or more bands
 * pixel-interleaved, GeoTIFF keys for an EPSG code, GDAL_NODATA, and optionally internal
 * overviews (overviews.ts). Laid out as GDAL's COG driver does (tiff-layout.ts). Used for
 * the demo data (no overviews: 512 px, two tiles a side) and for mosaic output.
 */
import { deflateSync } from 'node:zlib';
import { InputError } from '../errors.js';
import { averageLevel, overviewSizes, type Raster } from './overviews.js';
import { layoutTiff, type Tag } from './tiff-layout.js';

/** Sample types the writer knows, by NumPy name. */
export type WritableDtype = 'uint8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/** What to write: pixels band-major (band, row, col) in a typed array of the dtype. */
export interface CogSpec {
  readonly width: number;
  readonly height: number;
  readonly bands: number;
  readonly dtype: WritableDtype;
  readonly pixels: ArrayLike<number>;
  /** rasterio's affine a..f; b and d must be 0. */
  readonly affine: readonly [number, number, number, number, number, number];
  readonly epsg: number;
  readonly nodata?: number;
  readonly tileSize?: number;
  readonly compression?: 'deflate' | 'none';
  /** Add average overviews (overviews.ts) down to one tile; default false. */
  readonly overviews?: boolean;
}

const DTYPES: Record<WritableDtype, { bits: number; format: number; make: (n: number) => ArrayBufferView & ArrayLike<number> & { [i: number]: number } }> = {
  uint8: { bits: 8, format: 1, make: (n) => new Uint8Array(n) },
  uint16: { bits: 16, format: 1, make: (n) => new Uint16Array(n) },
  int16: { bits: 16, format: 2, make: (n) => new Int16Array(n) },
  uint32: { bits: 32, format: 1, make: (n) => new Uint32Array(n) },
  int32: { bits: 32, format: 2, make: (n) => new Int32Array(n) },
  float32: { bits: 32, format: 3, make: (n) => new Float32Array(n) },
  float64: { bits: 64, format: 3, make: (n) => new Float64Array(n) },
};

/** One pixel-interleaved tile of a level, edge tiles padded with zeros to full size (TIFF 6.0 s.15). */
function tileSamples(spec: CogSpec, level: Raster, tileSize: number, tx: number, ty: number) {
  const { width, height, pixels } = level;
  const { bands } = spec;
  const out = DTYPES[spec.dtype].make(tileSize * tileSize * bands);
  for (let row = 0; row < tileSize; row++) {
    const y = ty * tileSize + row;
    if (y >= height) break;
    for (let col = 0; col < tileSize; col++) {
      const x = tx * tileSize + col;
      if (x >= width) break;
      for (let b = 0; b < bands; b++) out[(row * tileSize + col) * bands + b] = pixels[(b * height + y) * width + x];
    }
  }
  return out;
}

/** Horizontal differencing per sample along each row (TIFF predictor 2), in place. */
function applyPredictor(samples: { [i: number]: number }, tileSize: number, bands: number): void {
  const rowLength = tileSize * bands;
  for (let row = 0; row < tileSize; row++) {
    const start = row * rowLength;
    for (let i = rowLength - 1; i >= bands; i--) samples[start + i] -= samples[start + i - bands];
  }
}

function encodeTile(spec: CogSpec, level: Raster, tileSize: number, tx: number, ty: number): Uint8Array {
  const samples = tileSamples(spec, level, tileSize, tx, ty);
  const usePredictor = spec.compression !== 'none' && DTYPES[spec.dtype].format !== 3;
  if (usePredictor) applyPredictor(samples, tileSize, spec.bands);
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  return spec.compression === 'none' ? bytes.slice() : deflateSync(bytes);
}

function geoKeys(epsg: number): number[] {
  const geographic = epsg === 4326 || epsg === 4269 || epsg === 4258;
  // GeoKeyDirectory header (version 1.1.0), then key, location 0 (inline), count 1, value
  return [1, 1, 0, 3, 1024, 0, 1, geographic ? 2 : 1, 1025, 0, 1, 1, geographic ? 2048 : 3072, 0, 1, epsg];
}

function checkSpec(spec: CogSpec): void {
  const n = spec.width * spec.height * spec.bands;
  if (!(spec.width > 0 && spec.height > 0 && spec.bands > 0) || spec.pixels.length !== n) {
    throw new InputError({ reason: `COG writer: ${spec.width}x${spec.height}x${spec.bands} needs ${n} pixels, got ${spec.pixels.length}` });
  }
  if (spec.affine[1] !== 0 || spec.affine[3] !== 0) throw new InputError({ reason: 'COG writer: rotated transforms are not written' });
}

/** Encodes a COG; returns the whole file. Throws InputError for an inconsistent spec. */
export function writeCog(spec: CogSpec): Uint8Array {
  checkSpec(spec);
  const tileSize = spec.tileSize ?? 256;
  const { make, format } = DTYPES[spec.dtype];
  let level: Raster = spec;
  const levels = [level];
  for (const [w, h] of spec.overviews ? overviewSizes(spec.width, spec.height, tileSize) : []) {
    level = averageLevel(level, spec.bands, w, h, spec.nodata, format !== 3, make(w * h * spec.bands));
    levels.push(level);
  }
  return layoutTiff(levels.map((l, i) => {
    const tiles = encodeTiles(spec, l, tileSize);
    return { tags: i === 0 ? [...imageTags(spec, l, tileSize, tiles), ...geoTags(spec)] : overviewTags(spec, l, tileSize, tiles), tiles };
  }));
}

function encodeTiles(spec: CogSpec, level: Raster, tileSize: number): Uint8Array[] {
  const tiles: Uint8Array[] = [];
  for (let ty = 0; ty < Math.ceil(level.height / tileSize); ty++) {
    for (let tx = 0; tx < Math.ceil(level.width / tileSize); tx++) tiles.push(encodeTile(spec, level, tileSize, tx, ty));
  }
  return tiles;
}

// the tags every IFD carries, in ascending id order as TIFF requires
function imageTags(spec: CogSpec, level: Raster, tileSize: number, tiles: readonly Uint8Array[]): Tag[] {
  const { bits, format } = DTYPES[spec.dtype];
  const compressed = spec.compression !== 'none';
  const rgb = spec.bands === 3 && bits === 8;
  // bands beyond the photometric's colour channels are ExtraSamples (0 = unspecified)
  const extraSamples = rgb ? 0 : spec.bands - 1;
  return [
    { id: 256, type: 4, values: [level.width] },
    { id: 257, type: 4, values: [level.height] },
    { id: 258, type: 3, values: Array(spec.bands).fill(bits) },
    { id: 259, type: 3, values: [compressed ? 8 : 1] },
    { id: 262, type: 3, values: [rgb ? 2 : 1] },
    { id: 277, type: 3, values: [spec.bands] },
    { id: 284, type: 3, values: [1] },
    ...(compressed && format !== 3 ? [{ id: 317, type: 3, values: [2] } as Tag] : []),
    { id: 322, type: 3, values: [tileSize] },
    { id: 323, type: 3, values: [tileSize] },
    { id: 324, type: 4, values: tiles.map(() => 0) }, // filled in by layoutTiff
    { id: 325, type: 4, values: tiles.map((t) => t.length) },
    ...(extraSamples > 0 ? [{ id: 338, type: 3, values: Array(extraSamples).fill(0) } as Tag] : []),
    { id: 339, type: 3, values: Array(spec.bands).fill(format) },
  ];
}

// an overview IFD: NewSubfileType 1 (reduced resolution, TIFF 6.0 s.8) and no georeferencing,
// which readers take from the full image scaled to the level's size
function overviewTags(spec: CogSpec, level: Raster, tileSize: number, tiles: readonly Uint8Array[]): Tag[] {
  return [{ id: 254, type: 4, values: [1] }, ...imageTags(spec, level, tileSize, tiles)];
}

// GeoTIFF scale, tie point and keys, then GDAL_NODATA (ids after every image tag)
function geoTags(spec: CogSpec): Tag[] {
  const [a, , c, , e, f] = spec.affine;
  return [
    { id: 33550, type: 12, values: [a, -e, 0] },
    { id: 33922, type: 12, values: [0, 0, 0, c, f, 0] },
    { id: 34735, type: 3, values: geoKeys(spec.epsg) },
    ...(spec.nodata === undefined ? [] : [{ id: 42113, type: 2, values: `${spec.nodata}\0` } as Tag]),
  ];
}
