/**
 * The pixel-to-map transform in rasterio's order, with conversions to the orders GDAL
 * and Rasteret store it in. Everything inside rasterduck uses `Affine`; the other orders
 * appear only where a file or a table needs them.
 */
import { InputError } from '../errors.js';

/**
 * A pixel-to-map affine transform in rasterio's (affine package) order:
 * `x = a·col + b·row + c`, `y = d·col + e·row + f`, with col/row counted from the
 * top-left corner of the top-left pixel (pixel-is-area).
 */
export interface Affine {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly e: number;
  readonly f: number;
}

/** GDAL's geotransform order: `[c, a, b, f, d, e]` (origin x, pixel width, row rotation, origin y, column rotation, pixel height). */
export type GdalGeoTransform = readonly [number, number, number, number, number, number];

/** Rasteret's 4-value transform `[a, c, e, f]`: pixel width, origin x, pixel height (negative for north-up), origin y. */
export type RasteretTransform = readonly [number, number, number, number];

/** The identity transform (map units equal pixels). */
export const IDENTITY: Affine = { a: 1, b: 0, c: 0, d: 0, e: 1, f: 0 };

/** A shift by (x, y): rasterio's `Affine.translation`. */
export function translation(x: number, y: number): Affine {
  return { a: 1, b: 0, c: x, d: 0, e: 1, f: y };
}

/** Maps a pixel position (col, row; fractional allowed, 0.5 is a pixel centre) to map x, y. */
export function applyAffine(t: Affine, col: number, row: number): [x: number, y: number] {
  return [t.a * col + t.b * row + t.c, t.d * col + t.e * row + t.f];
}

/**
 * The transform applying `inner` first, then `outer`: rasterio's `outer * inner`. A
 * window's transform is `compose(t, translation(colOff, rowOff))`.
 */
export function compose(outer: Affine, inner: Affine): Affine {
  return {
    a: outer.a * inner.a + outer.b * inner.d,
    b: outer.a * inner.b + outer.b * inner.e,
    c: outer.a * inner.c + outer.b * inner.f + outer.c,
    d: outer.d * inner.a + outer.e * inner.d,
    e: outer.d * inner.b + outer.e * inner.e,
    f: outer.d * inner.c + outer.e * inner.f + outer.f,
  };
}

/**
 * The inverse transform, mapping map x, y back to fractional col, row (rasterio's `~t`).
 * @throws InputError when the transform is degenerate (determinant 0, e.g. a zero pixel size).
 */
export function invertAffine(t: Affine): Affine {
  const det = t.a * t.e - t.b * t.d;
  if (det === 0 || !Number.isFinite(det)) {
    throw new InputError({
      reason: `transform [${formatAffine(t)}] cannot be inverted (determinant ${det})`,
      hint: 'A pixel size of 0 or a non-finite value makes the transform degenerate; check the file\'s geotransform',
    });
  }
  const a = t.e / det;
  const b = -t.b / det;
  const d = -t.d / det;
  const e = t.a / det;
  return { a, b, c: -(a * t.c + b * t.f), d, e, f: -(d * t.c + e * t.f) };
}

/** True when the transform has no rotation or shear (b = d = 0), the only kind Rasteret stores. */
export function isRectilinear(t: Affine): boolean {
  return t.b === 0 && t.d === 0;
}

/** Converts GDAL's geotransform `[c, a, b, f, d, e]` to an Affine. */
export function fromGdal(gt: GdalGeoTransform): Affine {
  const [c, a, b, f, d, e] = gt;
  return { a, b, c, d, e, f };
}

/** Converts an Affine to GDAL's geotransform `[c, a, b, f, d, e]`. */
export function toGdal(t: Affine): GdalGeoTransform {
  return [t.c, t.a, t.b, t.f, t.d, t.e];
}

/** Converts Rasteret's `[a, c, e, f]` to an Affine (no rotation). */
export function fromRasteret(v: RasteretTransform): Affine {
  const [a, c, e, f] = v;
  return { a, b: 0, c, d: 0, e, f };
}

/**
 * Converts an Affine to Rasteret's `[a, c, e, f]`.
 * @throws InputError when the transform is rotated or sheared, which the 4 values cannot hold.
 */
export function toRasteret(t: Affine): RasteretTransform {
  if (!isRectilinear(t)) {
    throw new InputError({
      reason: `transform [${formatAffine(t)}] is rotated or sheared (b=${t.b}, d=${t.d}); Rasteret's [a, c, e, f] holds only north-up grids`,
      hint: 'Warp the raster to a north-up grid first, e.g. gdalwarp in.tif out.tif',
    });
  }
  return [t.a, t.c, t.e, t.f];
}

function formatAffine(t: Affine): string {
  return [t.a, t.b, t.c, t.d, t.e, t.f].join(', ');
}
