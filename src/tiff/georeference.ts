/**
 * Interpreting GeoTIFF tags as GDAL 3.6 does: the affine transform (rasterio's a..f order),
 * Rasteret's 4-value transform, and the EPSG code and citations from the GeoKeys.
 * Pure functions over TiffImage's GeoTags; WKT lives in src/geo/crs.ts.
 */
import { GeoKey } from './tags.js';
import type { GeoTags } from './tiff-image.js';

/** An affine in rasterio's order: x = a*col + b*row + c, y = d*col + e*row + f. */
export type AffineCoefficients = readonly [a: number, b: number, c: number, d: number, e: number, f: number];

/** How the pixel grid is tied to the map, or why it is not. */
export type Georeference =
  | {
      readonly kind: 'affine';
      readonly affine: AffineCoefficients;
      /** GTRasterTypeGeoKey: 'point' means the half-pixel shift below was applied (or ignored by option). */
      readonly rasterType: 'area' | 'point';
      readonly source: 'pixel-scale' | 'model-transformation';
    }
  /** Tiepoints without a usable scale: GDAL reads them as ground control points, not a transform. */
  | { readonly kind: 'gcps'; readonly tiepoints: readonly number[] }
  | { readonly kind: 'none' };

/** GDAL configuration that changes the result. */
export interface GeoreferenceOptions {
  /** GDAL's GTIFF_POINT_GEO_IGNORE (default false): skip the PixelIsPoint half-pixel shift. */
  readonly pointGeoIgnore?: boolean;
}

/**
 * The affine GDAL 3.6 derives from the tags (checked against gdalinfo 3.6.2):
 * - ModelPixelScale with non-zero sx, sy wins; with a tiepoint (the first, if several):
 *   [sx, 0, X - I*sx, 0, -|sy|, Y + J*|sy|] (GDAL ignores the sign of sy unless
 *   GTIFF_HONOUR_NEGATIVE_SCALEY); without a tiepoint there is no transform at all;
 * - otherwise a 16-value ModelTransformation: [m0, m1, m3, m4, m5, m7];
 * - PixelIsPoint (GTRasterTypeGeoKey 2) shifts either by half a pixel, as RFC 33 says:
 *   c -= (a + b) / 2, f -= (d + e) / 2.
 * Never throws.
 */
export function georeferenceOf(geo: GeoTags | undefined, options: GeoreferenceOptions = {}): Georeference {
  if (geo === undefined) return { kind: 'none' };
  const rasterType = geo.geoKeys[GeoKey.GTRasterType] === 2 ? 'point' : 'area';
  const base = baseAffine(geo);
  if (base === undefined) {
    const tiepoints = geo.tiepoint ?? [];
    return tiepoints.length >= 6 ? { kind: 'gcps', tiepoints } : { kind: 'none' };
  }
  if (base === 'none') return { kind: 'none' };
  const [a, b, c, d, e, f] = base.affine;
  const shift = rasterType === 'point' && !options.pointGeoIgnore;
  const affine: AffineCoefficients = shift ? [a, b, c - (a * 0.5 + b * 0.5), d, e, f - (d * 0.5 + e * 0.5)] : base.affine;
  return { kind: 'affine', affine, rasterType, source: base.source };
}

/** The tags' transform before PixelIsPoint; 'none' when a pixel scale without tiepoint blocks the rest. */
function baseAffine(geo: GeoTags): { affine: AffineCoefficients; source: 'pixel-scale' | 'model-transformation' } | 'none' | undefined {
  const scale = geo.pixelScale ?? [];
  if (scale.length >= 2 && scale[0] !== 0 && scale[1] !== 0) {
    const tp = geo.tiepoint ?? [];
    if (tp.length < 6) return 'none';
    const [sx, sy] = [scale[0], -Math.abs(scale[1])];
    return { affine: [sx, 0, tp[3] - tp[0] * sx, 0, sy, tp[4] - tp[1] * sy], source: 'pixel-scale' };
  }
  const m = geo.modelTransformation ?? [];
  if (m.length === 16) return { affine: [m[0], m[1], m[3], m[4], m[5], m[7]], source: 'model-transformation' };
  return undefined;
}

/** Rasteret's transform [scale_x, translate_x, scale_y, translate_y], or why there is none. */
export type RasteretTransform =
  | { readonly kind: 'ok'; readonly transform: readonly [number, number, number, number] }
  | { readonly kind: 'rotated'; readonly reason: string };

/**
 * Rasteret's 4-value transform from an affine: [a, c, e, f]. Rasteret caches only
 * axis-aligned grids, so a rotation or shear (b or d non-zero) is refused. Never throws.
 */
export function rasteretTransformOf(affine: AffineCoefficients): RasteretTransform {
  const [a, b, c, d, e, f] = affine;
  if (b !== 0 || d !== 0) {
    return { kind: 'rotated', reason: `the transform is rotated or sheared (b=${b}, d=${d}); Rasteret stores only north-up grids` };
  }
  return { kind: 'ok', transform: [a, c, e, f] };
}

/** The CRS as the GeoKeys name it, before any WKT is built. */
export interface GeoKeyCrs {
  /** The EPSG code of the raster's CRS, when the keys name one. */
  readonly epsg?: number;
  /** GTModelTypeGeoKey: 1 projected, 2 geographic, 3 geocentric. */
  readonly modelType?: number;
  /** True when the CRS is defined by parameters (code 32767, or no code for its model type). */
  readonly userDefined: boolean;
  /** VerticalCSTypeGeoKey (4096), when an EPSG code. */
  readonly verticalEpsg?: number;
  /** GTCitationGeoKey (1026). */
  readonly citation?: string;
  /** GeogCitationGeoKey (2049). */
  readonly geogCitation?: string;
  /** PCSCitationGeoKey (3073). */
  readonly pcsCitation?: string;
}

// GeoTIFF 1.1: 32767 is "user-defined", 32768-65535 private; EPSG codes lie below
const USER_DEFINED = 32767;

/**
 * The EPSG code and citations from GeoKeys: ProjectedCSTypeGeoKey (3072) for a projected
 * model, GeographicTypeGeoKey (2048) for a geographic one; with no model type, 3072 then
 * 2048. A projected model never falls back to its base geographic code (that would be a
 * different CRS). Never throws.
 */
export function crsOfGeoKeys(geoKeys: GeoTags['geoKeys']): GeoKeyCrs {
  const model = numberKey(geoKeys, GeoKey.GTModelType);
  const projected = numberKey(geoKeys, GeoKey.ProjectedCSType);
  const geographic = numberKey(geoKeys, GeoKey.GeographicType);
  const code = model === 1 ? projected : model === 2 ? geographic : model === undefined ? projected ?? geographic : undefined;
  const epsg = epsgCode(code);
  const vertical = epsgCode(numberKey(geoKeys, GeoKey.VerticalCSType));
  const citation = textKey(geoKeys, GeoKey.GTCitation);
  const geogCitation = textKey(geoKeys, GeoKey.GeogCitation);
  const pcsCitation = textKey(geoKeys, GeoKey.PCSCitation);
  return {
    ...(epsg !== undefined && { epsg }),
    ...(model !== undefined && { modelType: model }),
    userDefined: epsg === undefined && (model === 1 || model === 2 || code === USER_DEFINED),
    ...(vertical !== undefined && { verticalEpsg: vertical }),
    ...(citation !== undefined && { citation }),
    ...(geogCitation !== undefined && { geogCitation }),
    ...(pcsCitation !== undefined && { pcsCitation }),
  };
}

function textKey(geoKeys: GeoTags['geoKeys'], id: number): string | undefined {
  const value = geoKeys[id];
  return typeof value === 'string' ? value : undefined;
}

function numberKey(geoKeys: GeoTags['geoKeys'], id: number): number | undefined {
  const value = geoKeys[id];
  return typeof value === 'number' ? value : undefined;
}

function epsgCode(code: number | undefined): number | undefined {
  return code !== undefined && Number.isInteger(code) && code > 0 && code < USER_DEFINED ? code : undefined;
}
