/**
 * What a chip read needs to know about one file, built from a parsed header or from the
 * record `cog_metadata` returned (so a cached record costs no header request): decode
 * parameters for the full-resolution image and its internal mask, the transform, CRS and
 * nodata.
 */
import { FormatError } from '../errors.js';
import type { Affine } from '../geo/affine.js';
import { crsToEpsg } from '../geo/crs-id.js';
import { cogMetadataOf, type CogMetadata, type LevelMetadata } from '../tiff/cog-metadata.js';
import { dtypeOf, type Dtype } from '../tiff/dtype.js';
import type { TiffHeader, TiffImage } from '../tiff/tiff-image.js';
import { rasterioNodata } from './validity.js';

/** One file, ready for chip reads. */
export interface ChipRaster {
  readonly url: string;
  readonly image: TiffImage;
  /** The internal per-dataset mask (GDAL_TIFF_INTERNAL_MASK), full resolution. */
  readonly mask: TiffImage | null;
  readonly littleEndian: boolean;
  readonly dtype: Dtype;
  /** The file's affine; GDAL's default (identity) when it has none. */
  readonly affine: Affine;
  readonly crs: string | null;
  /** GDAL's nodata value (GDAL_NODATA), which its mask band and sparse blocks use. */
  readonly nodata: number | null;
  /** rasterio's `dataset.nodata`: GDAL's when in the dtype's range; the chip's fill value. */
  readonly fillNodata: number | null;
}

/**
 * The TiffImage fields decodeBlock and the planner use, rebuilt from a metadata level
 * (the full image's or the mask's): no header request.
 */
export function imageFromMetadata(level: LevelMetadata, extraSamples: readonly number[] = [], ifdIndex = 0): TiffImage {
  const spp = level.samples_per_pixel;
  return {
    ifdIndex, role: ifdIndex === 0 ? 'full' : 'mask',
    width: level.image_width, height: level.image_height, tiled: level.tiled,
    blockWidth: level.tile_width, blockHeight: level.tile_height,
    bitsPerSample: new Array<number>(spp).fill(level.bits_per_sample),
    sampleFormat: new Array<number>(spp).fill(level.sample_format),
    samplesPerPixel: spp, planarConfiguration: level.planar_configuration,
    compression: level.compression, predictor: level.predictor, photometric: level.photometric,
    extraSamples, blockOffsets: level.tile_offsets, blockByteCounts: level.tile_byte_counts,
    ...(level.jpeg_tables ? { jpegTables: level.jpeg_tables } : {}),
    ...(level.lerc_parameters ? { lercParameters: level.lerc_parameters } : {}),
  };
}

function crsOf(meta: CogMetadata): string | null {
  // a user-defined CRS's WKT names no code (crs_epsg is what rasterio identifies it as): its own definition wins
  if (meta.crs_wkt && crsToEpsg(meta.crs_wkt) === undefined) return meta.crs_wkt;
  if (meta.crs_epsg !== null && meta.crs_epsg !== undefined) return `EPSG:${meta.crs_epsg}`;
  return meta.crs_wkt ?? null;
}

function affineOf(meta: CogMetadata, url: string): Affine {
  const v = meta.affine;
  // GDAL's default geotransform for a file without one; rasterio's Affine.identity()
  if (!v) return { a: 1, b: 0, c: 0, d: 0, e: 1, f: 0 };
  const [a, b, c, d, e, f] = v;
  if (b !== 0 || d !== 0) {
    throw new FormatError({ url, reason: `the grid is rotated or sheared (b=${b}, d=${d}); chips are read only from north-up grids`, hint: 'Warp it to a north-up grid first: gdalwarp in.tif out.tif' });
  }
  return { a, b, c, d, e, f };
}

/**
 * A ChipRaster from cog_metadata's record of `url`.
 * @throws FormatError naming the file for a rotated grid, a dtype rasterduck does not read,
 * or a mask IFD it cannot apply exactly.
 */
export function rasterFromMetadata(url: string, meta: CogMetadata): ChipRaster {
  const image = imageFromMetadata(meta, meta.extra_samples ?? []);
  const mask = meta.mask ? imageFromMetadata(meta.mask, [], 1) : null;
  if (mask && (mask.samplesPerPixel !== 1 || ![1, 8].includes(mask.bitsPerSample[0]))) {
    throw new FormatError({ url, reason: `the internal mask has ${mask.samplesPerPixel} samples of ${mask.bitsPerSample[0]} bits; only GDAL's one-sample 1-bit or 8-bit mask is supported` });
  }
  const dtype = dtypeOf(image, url);
  return {
    url, image, mask, littleEndian: meta.little_endian, dtype, affine: affineOf(meta, url), crs: crsOf(meta),
    nodata: meta.nodata, fillNodata: rasterioNodata(meta.nodata, dtype),
  };
}

// headers come from a cache, so their rasters can be kept beside them
const fromHeaders = new WeakMap<TiffHeader, ChipRaster>();

/**
 * A ChipRaster from a parsed header (through cogMetadataOf, so both sources agree).
 * @throws FormatError as cogMetadataOf and {@link rasterFromMetadata}.
 */
export function rasterFromHeader(header: TiffHeader): ChipRaster {
  const hit = fromHeaders.get(header);
  if (hit) return hit;
  const raster = rasterFromMetadata(header.url, cogMetadataOf(header));
  fromHeaders.set(header, raster);
  return raster;
}
