/**
 * A chip: the pixels of a raster under a geometry, cropped to the geometry's window, as
 * `rasterio.mask.mask(src, [geom], crop=True, filled=True)` returns them, with the mask
 * of valid pixels beside them. Plain data, so it crosses the bridge worker as is.
 */
import type { Dtype } from '../tiff/dtype.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';

/** rasterio's affine order: x = a·col + b·row + c, y = d·col + e·row + f. */
export type AffineArray = [a: number, b: number, c: number, d: number, e: number, f: number];

/** The pixels of one raster under one geometry. */
export interface Chip {
  /** Native-endian samples of `dtype`, band-major: index (b·height + row)·width + col. */
  readonly data: Uint8Array;
  readonly dtype: Dtype;
  readonly bands: number;
  readonly height: number;
  readonly width: number;
  /** The window's transform (rasterio's `dataset.window_transform(window)`). */
  readonly transform: AffineArray;
  /** 'EPSG:<code>', else the file's WKT, else null. */
  readonly crs: string | null;
  /** rasterio's `dataset.nodata` (NaN for a NaN nodata; null when none or outside the dtype's range). */
  readonly nodata: number | null;
  /**
   * bands·height·width bytes in `data`'s order, 1 where the pixel is valid: inside the
   * geometry and not masked by the file's mask band (internal mask, nodata or alpha, as
   * GDAL picks it). Invalid pixels hold the fill value: nodata, else 0.
   */
  readonly mask: Uint8Array;
}

/** One row of a chip read: a raster and a geometry. */
export interface ChipRequest {
  /** The GeoTIFF: a path, file://, http(s):// or s3:// URL. */
  readonly url: string;
  /** The geometry as WKB (DuckDB GEOMETRY bytes or ST_AsWKB). */
  readonly wkb: Uint8Array;
  /**
   * The geometry's CRS ('EPSG:4326', WKT, a proj string...); it is reprojected to the
   * raster's CRS with x = easting/longitude. Absent: the geometry is in the raster's CRS
   * (or the EPSG code of an EWKB SRID).
   */
  readonly geometryCrs?: string | null;
  /** cog_metadata's record for `url`: when given, no header request is made. */
  readonly metadata?: CogMetadata | null;
}

/** Arguments of the `readChipRows` bridge op: a whole DuckDB chunk of requests. */
export interface ReadChipRowsArgs {
  readonly requests: readonly ChipRequest[];
  /** rasterio's all_touched (default false: a pixel is in when its centre is). */
  readonly allTouched?: boolean;
}
