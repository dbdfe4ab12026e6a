/**
 * A parsed TIFF header as the Parquet-friendly metadata record of `cog_metadata`: first
 * Rasteret's 17 `{band}_metadata` fields with their names and meaning
 * (rasteret/constants.py COG_BAND_METADATA_STRUCT), then what exact reads need that
 * Rasteret lacks, so a read from the record needs no header request.
 */
import { FormatError } from '../errors.js';
import { identifyEpsg } from '../geo/crs-identify.js';
import { epsgToWkt } from '../geo/epsg.js';
import { knownCodecName } from './codecs/index.js';
import { colorEntriesOf, type ColorEntry } from './color-map.js';
import { dtypeOf, type Dtype } from './dtype.js';
import { parseGdalMetadata, parseGdalNodata } from './gdal-metadata.js';
import { crsOfGeoKeys, georeferenceOf, rasteretTransformOf, type AffineCoefficients } from './georeference.js';
import type { TiffHeader, TiffImage } from './tiff-image.js';
import { userDefinedCrs } from './user-defined-crs.js';

/** How to fetch and decode the blocks of one IFD: an overview, the mask, or (within CogMetadata) the full image. */
export interface LevelMetadata {
  readonly image_width: number;
  readonly image_height: number;
  readonly tile_width: number;
  readonly tile_height: number;
  readonly compression: number;
  readonly predictor: number;
  readonly photometric: number;
  readonly samples_per_pixel: number;
  readonly planar_configuration: number;
  readonly bits_per_sample: number;
  readonly sample_format: number;
  readonly tiled: boolean;
  readonly jpeg_tables: Uint8Array | null;
  readonly lerc_parameters: number[] | null;
  readonly tile_offsets: number[];
  readonly tile_byte_counts: number[];
  /** rasterio's affine (a..f) of this level; null when the file is not georeferenced. */
  readonly affine: number[] | null;
}

/** The record `cog_metadata` returns; field order is the SQL struct's order. */
export interface CogMetadata {
  readonly image_width: number;
  readonly image_height: number;
  readonly tile_width: number;
  readonly tile_height: number;
  readonly dtype: Dtype;
  /** Rasteret's [scale_x, translate_x, scale_y, translate_y]. */
  readonly transform: number[] | null;
  readonly predictor: number;
  readonly compression: number;
  readonly tile_offsets: number[];
  readonly tile_byte_counts: number[];
  readonly pixel_scale: number[] | null;
  readonly tiepoint: number[] | null;
  readonly nodata: number | null;
  readonly samples_per_pixel: number;
  readonly planar_configuration: number;
  readonly photometric: number;
  readonly extra_samples: number[] | null;
  readonly crs_epsg: number | null;
  readonly crs_wkt: string | null;
  readonly affine: number[] | null;
  readonly bits_per_sample: number;
  readonly sample_format: number;
  readonly little_endian: boolean;
  readonly bigtiff: boolean;
  readonly tiled: boolean;
  readonly jpeg_tables: Uint8Array | null;
  readonly lerc_parameters: number[] | null;
  /** Per band (GDAL_METADATA role scale/offset); null when no band has one. */
  readonly scales: number[] | null;
  readonly offsets: number[] | null;
  readonly overviews: LevelMetadata[];
  /** The internal per-dataset mask (GDAL_TIFF_INTERNAL_MASK), when there is one. */
  readonly mask: LevelMetadata | null;
  readonly mask_overviews: LevelMetadata[];
  readonly file_size: number | null;
  /** The URL the header was read from: with it the record alone is enough to read pixels. */
  readonly href: string;
  // Fields added later go last (the struct's positions are a contract), and readers must not
  // need them: collections written before they existed lack them.
  /** The codec's name ('deflate', 'zstd', 'none'...) for `compression`; null for a code rasterduck does not know. */
  readonly compression_name?: string | null;
  /** Each band's description (GDAL_METADATA role="description"), null where absent: rasterio's `src.descriptions`. */
  readonly band_descriptions?: (string | null)[];
  /** A palette image's colour table (photometric 3), 0-255 as rasterio's colormap(1); null without one. */
  readonly colormap?: ColorEntry[] | null;
}

/** Scales the full-resolution affine to a level of another size, as GDAL does for overviews. */
function levelAffine(full: AffineCoefficients | null, fullImage: TiffImage, level: TiffImage): number[] | null {
  if (!full) return null;
  const sx = fullImage.width / level.width;
  const sy = fullImage.height / level.height;
  const [a, b, c, d, e, f] = full;
  return [a * sx, b * sy, c, d * sx, e * sy, f];
}

function levelOf(image: TiffImage, full: TiffImage, affine: AffineCoefficients | null): LevelMetadata {
  return {
    image_width: image.width, image_height: image.height, tile_width: image.blockWidth, tile_height: image.blockHeight,
    compression: image.compression, predictor: image.predictor, photometric: image.photometric,
    samples_per_pixel: image.samplesPerPixel, planar_configuration: image.planarConfiguration,
    bits_per_sample: image.bitsPerSample[0], sample_format: image.sampleFormat[0] ?? 1, tiled: image.tiled,
    jpeg_tables: image.jpegTables ?? null, lerc_parameters: image.lercParameters ? [...image.lercParameters] : null,
    tile_offsets: [...image.blockOffsets], tile_byte_counts: [...image.blockByteCounts],
    affine: levelAffine(affine, full, image),
  };
}

/** The affine of the full image; refuses rotated grids and tiepoint-only (GCP) files. */
function affineOf(header: TiffHeader, full: TiffImage): AffineCoefficients | null {
  const geo = georeferenceOf(full.geo);
  if (geo.kind === 'none') return null;
  if (geo.kind === 'gcps') {
    throw new FormatError({ url: header.url, reason: 'the file is georeferenced by ground control points, not a transform', hint: 'Warp it first: gdalwarp in.tif out.tif' });
  }
  const transform = rasteretTransformOf(geo.affine);
  if (transform.kind === 'rotated') {
    throw new FormatError({ url: header.url, reason: `rotated grid: ${transform.reason}`, hint: 'Warp it to a north-up grid first: gdalwarp in.tif out.tif' });
  }
  return geo.affine;
}

/** One entry per band; GDAL's empty description reads as None in rasterio, so '' is null too. */
function bandDescriptions(xml: string | undefined, bands: number): (string | null)[] {
  const meta = xml ? parseGdalMetadata(xml) : undefined;
  return Array.from({ length: bands }, (_, i) => meta?.bands.get(i)?.description || null);
}

function bandNumbers(xml: string | undefined, bands: number, key: 'scale' | 'offset'): number[] | null {
  if (!xml) return null;
  const meta = parseGdalMetadata(xml);
  const values = Array.from({ length: bands }, (_, i) => meta.bands.get(i)?.[key]);
  if (values.every((v) => v === undefined)) return null;
  return values.map((v) => v ?? (key === 'scale' ? 1 : 0));
}

/**
 * Builds the metadata record of a parsed header. Throws FormatError (naming the file) for
 * a file with no full-resolution image, a dtype rasterduck cannot represent, or a rotated
 * or GCP-only georeference, which Rasteret's 4-value transform cannot hold.
 */
export function cogMetadataOf(header: TiffHeader): CogMetadata {
  const full = header.images.find((i) => i.role === 'full');
  if (!full) throw new FormatError({ url: header.url, reason: 'the TIFF has no full-resolution image (only overviews or masks)' });
  const dtype = dtypeOf(full, header.url);
  const affine = affineOf(header, full);
  const crs = full.geo ? crsOfGeoKeys(full.geo.geoKeys) : undefined;
  const userDefined = crs?.userDefined && full.geo ? userDefinedCrs(full.geo.geoKeys) : undefined;
  // rasterio's to_epsg() names a user-defined CRS equal to an EPSG one; pixels still use the keys' own definition
  const epsg = crs?.epsg ?? (userDefined?.kind === 'ok' ? identifyEpsg(userDefined.proj, userDefined.baseEpsg) ?? null : null);
  const masks = header.images.filter((i) => i.role === 'mask' || i.role === 'mask-overview');
  // the full-resolution mask has the image's size and no reduced-resolution bit; the others
  // are its overviews (NewSubfileType 5: GDAL never takes one as the full mask, even at full size)
  const fullMask = masks.find((m) => m.role === 'mask' && m.width === full.width && m.height === full.height);
  const level = levelOf(full, full, affine);
  return {
    image_width: full.width, image_height: full.height, tile_width: full.blockWidth, tile_height: full.blockHeight, dtype,
    transform: affine ? [affine[0], affine[2], affine[4], affine[5]] : null,
    predictor: full.predictor, compression: full.compression,
    tile_offsets: level.tile_offsets, tile_byte_counts: level.tile_byte_counts,
    pixel_scale: full.geo?.pixelScale ? [...full.geo.pixelScale] : null,
    tiepoint: full.geo?.tiepoint ? [...full.geo.tiepoint] : null,
    nodata: full.gdalNodata === undefined ? null : parseGdalNodata(full.gdalNodata, { float32: dtype === 'float32' }) ?? null,
    samples_per_pixel: full.samplesPerPixel, planar_configuration: full.planarConfiguration, photometric: full.photometric,
    extra_samples: full.extraSamples.length ? [...full.extraSamples] : null,
    crs_epsg: epsg, crs_wkt: userDefined ? (userDefined.kind === 'ok' ? userDefined.wkt : null) : epsg !== null ? wktOrNull(epsg) : null,
    affine: affine ? [...affine] : null,
    bits_per_sample: level.bits_per_sample, sample_format: level.sample_format,
    little_endian: header.littleEndian, bigtiff: header.bigTiff, tiled: full.tiled,
    jpeg_tables: level.jpeg_tables, lerc_parameters: level.lerc_parameters,
    scales: bandNumbers(full.gdalMetadata, full.samplesPerPixel, 'scale'),
    offsets: bandNumbers(full.gdalMetadata, full.samplesPerPixel, 'offset'),
    overviews: header.images.filter((i) => i.role === 'overview').map((i) => levelOf(i, full, affine)),
    mask: fullMask ? levelOf(fullMask, full, affine) : null,
    mask_overviews: masks.filter((m) => m !== fullMask).map((i) => levelOf(i, full, affine)),
    file_size: header.fileSize ?? null,
    href: header.url,
    compression_name: knownCodecName(full.compression),
    band_descriptions: bandDescriptions(full.gdalMetadata, full.samplesPerPixel),
    colormap: full.photometric === 3 ? colorEntriesOf(full.colorMap) : null,
  };
}

/** GDAL's WKT1 of an EPSG code; a code PROJ's database lacks keeps only its number. */
function wktOrNull(epsg: number): string | null {
  try {
    return epsgToWkt(epsg) || null;
  } catch {
    return null;
  }
}
