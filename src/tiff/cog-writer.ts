/**
 * A small Cloud-Optimized GeoTIFF writer: classic little-endian TIFF, tiled, DEFLATE
 * (with the horizontal predictor for integers) or uncompressed, one or more bands
 * pixel-interleaved, GeoTIFF keys for an EPSG code, GDAL_NODATA. Laid out as GDAL's COG
 * driver does: every IFD and tile table first, tile data after, so one read of the file
 * start holds the whole header. Used for the demo data and for mosaic output.
 */
import { deflateSync } from 'node:zlib';
import { InputError } from '../errors.js';

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

/** One pixel-interleaved tile, edge tiles padded with zeros to full size (TIFF 6.0 s.15). */
function tileSamples(spec: CogSpec, tileSize: number, tx: number, ty: number) {
  const { width, height, bands } = spec;
  const out = DTYPES[spec.dtype].make(tileSize * tileSize * bands);
  for (let row = 0; row < tileSize; row++) {
    const y = ty * tileSize + row;
    if (y >= height) break;
    for (let col = 0; col < tileSize; col++) {
      const x = tx * tileSize + col;
      if (x >= width) break;
      for (let b = 0; b < bands; b++) out[(row * tileSize + col) * bands + b] = spec.pixels[(b * height + y) * width + x];
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

function encodeTile(spec: CogSpec, tileSize: number, tx: number, ty: number): Uint8Array {
  const samples = tileSamples(spec, tileSize, tx, ty);
  const usePredictor = spec.compression !== 'none' && DTYPES[spec.dtype].format !== 3;
  if (usePredictor) applyPredictor(samples, tileSize, spec.bands);
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  return spec.compression === 'none' ? bytes.slice() : deflateSync(bytes);
}

interface Tag {
  readonly id: number;
  readonly type: 2 | 3 | 4 | 12; // ASCII, SHORT, LONG, DOUBLE
  readonly values: readonly number[] | string;
}

const TYPE_SIZE = { 2: 1, 3: 2, 4: 4, 12: 8 } as const;

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
  const tilesAcross = Math.ceil(spec.width / tileSize);
  const tilesDown = Math.ceil(spec.height / tileSize);
  const tiles: Uint8Array[] = [];
  for (let ty = 0; ty < tilesDown; ty++) for (let tx = 0; tx < tilesAcross; tx++) tiles.push(encodeTile(spec, tileSize, tx, ty));
  const { bits, format } = DTYPES[spec.dtype];
  const [a, , c, , e, f] = spec.affine;
  const compressed = spec.compression !== 'none';
  const rgb = spec.bands === 3 && bits === 8;
  // bands beyond the photometric's colour channels are ExtraSamples (0 = unspecified)
  const extraSamples = rgb ? 0 : spec.bands - 1;
  const tags: Tag[] = [
    { id: 256, type: 4, values: [spec.width] },
    { id: 257, type: 4, values: [spec.height] },
    { id: 258, type: 3, values: Array(spec.bands).fill(bits) },
    { id: 259, type: 3, values: [compressed ? 8 : 1] },
    { id: 262, type: 3, values: [rgb ? 2 : 1] },
    { id: 277, type: 3, values: [spec.bands] },
    { id: 284, type: 3, values: [1] },
    ...(compressed && format !== 3 ? [{ id: 317, type: 3, values: [2] } as Tag] : []),
    { id: 322, type: 3, values: [tileSize] },
    { id: 323, type: 3, values: [tileSize] },
    { id: 324, type: 4, values: tiles.map(() => 0) }, // patched below once offsets are known
    { id: 325, type: 4, values: tiles.map((t) => t.length) },
    ...(extraSamples > 0 ? [{ id: 338, type: 3, values: Array(extraSamples).fill(0) } as Tag] : []),
    { id: 339, type: 3, values: Array(spec.bands).fill(format) },
    { id: 33550, type: 12, values: [a, -e, 0] },
    { id: 33922, type: 12, values: [0, 0, 0, c, f, 0] },
    { id: 34735, type: 3, values: geoKeys(spec.epsg) },
    ...(spec.nodata === undefined ? [] : [{ id: 42113, type: 2, values: `${spec.nodata}\0` } as Tag]),
  ];
  return layout(tags, tiles);
}

/** Lays out header, IFD, out-of-line values, then tiles; returns the file bytes. */
function layout(tags: Tag[], tiles: Uint8Array[]): Uint8Array {
  const ifdSize = 2 + tags.length * 12 + 4;
  const valueBytes = tags.map((t) => (typeof t.values === 'string' ? t.values.length : t.values.length) * TYPE_SIZE[t.type]);
  const extra = valueBytes.reduce((s, n) => s + (n > 4 ? n + (n % 2) : 0), 0);
  const headerSize = 8 + ifdSize + extra;
  const total = headerSize + tiles.reduce((s, t) => s + t.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, 8, true);
  let tileOffset = headerSize;
  const offsets = tiles.map((t) => ((tileOffset += t.length), tileOffset - t.length));
  const patched = tags.map((t) => (t.id === 324 ? { ...t, values: offsets } : t));
  writeIfd(view, out, patched, valueBytes, 8);
  tiles.forEach((t, i) => out.set(t, offsets[i]));
  return out;
}

function writeIfd(view: DataView, out: Uint8Array, tags: readonly Tag[], sizes: readonly number[], at: number): void {
  view.setUint16(at, tags.length, true);
  let extraAt = at + 2 + tags.length * 12 + 4;
  tags.forEach((t, i) => {
    const entry = at + 2 + i * 12;
    const count = typeof t.values === 'string' ? t.values.length : t.values.length;
    view.setUint16(entry, t.id, true);
    view.setUint16(entry + 2, t.type, true);
    view.setUint32(entry + 4, count, true);
    let valueAt = entry + 8;
    if (sizes[i] > 4) {
      view.setUint32(entry + 8, extraAt, true);
      valueAt = extraAt;
      extraAt += sizes[i] + (sizes[i] % 2); // values start on a word boundary (TIFF 6.0)
    }
    writeValues(view, out, t, valueAt);
  });
  view.setUint32(at + 2 + tags.length * 12, 0, true); // no next IFD
}

function writeValues(view: DataView, out: Uint8Array, t: Tag, at: number): void {
  if (typeof t.values === 'string') {
    out.set(new TextEncoder().encode(t.values), at);
    return;
  }
  t.values.forEach((v, k) => {
    if (t.type === 3) view.setUint16(at + 2 * k, v, true);
    else if (t.type === 4) view.setUint32(at + 4 * k, v, true);
    else view.setFloat64(at + 8 * k, v, true);
  });
}
