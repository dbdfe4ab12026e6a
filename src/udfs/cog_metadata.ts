/**
 * cog_metadata(url): a COG's header as Rasteret's `{band}_metadata` struct plus what exact
 * reads need. One DuckDB chunk of URLs is one concurrent wave of header reads.
 */
import { BIGINT, BLOB, BOOLEAN, DOUBLE, INTEGER, LIST, STRUCT, VARCHAR } from '../duckdb.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';
import { byUrl, runWave } from './wave.js';
import { scalar, type FunctionDef } from './define.js';

const BLOCK_TABLE = {
  tile_offsets: LIST(BIGINT),
  tile_byte_counts: LIST(BIGINT),
};

/** One IFD's decode parameters and block table: an overview or the mask. */
export const LEVEL_METADATA = STRUCT({
  image_width: INTEGER, image_height: INTEGER, tile_width: INTEGER, tile_height: INTEGER,
  compression: INTEGER, predictor: INTEGER, photometric: INTEGER, samples_per_pixel: INTEGER,
  planar_configuration: INTEGER, bits_per_sample: INTEGER, sample_format: INTEGER, tiled: BOOLEAN,
  jpeg_tables: BLOB, lerc_parameters: LIST(INTEGER), ...BLOCK_TABLE, affine: LIST(DOUBLE),
});

/** The struct cog_metadata returns: Rasteret's 17 fields first, in Rasteret's order. */
export const COG_METADATA = STRUCT({
  image_width: INTEGER, image_height: INTEGER, tile_width: INTEGER, tile_height: INTEGER,
  dtype: VARCHAR, transform: LIST(DOUBLE), predictor: INTEGER, compression: INTEGER, ...BLOCK_TABLE,
  pixel_scale: LIST(DOUBLE), tiepoint: LIST(DOUBLE), nodata: DOUBLE, samples_per_pixel: INTEGER,
  planar_configuration: INTEGER, photometric: INTEGER, extra_samples: LIST(INTEGER),
  crs_epsg: INTEGER, crs_wkt: VARCHAR, affine: LIST(DOUBLE), bits_per_sample: INTEGER, sample_format: INTEGER,
  little_endian: BOOLEAN, bigtiff: BOOLEAN, tiled: BOOLEAN, jpeg_tables: BLOB, lerc_parameters: LIST(INTEGER),
  scales: LIST(DOUBLE), offsets: LIST(DOUBLE), overviews: LIST(LEVEL_METADATA), mask: LEVEL_METADATA,
  mask_overviews: LIST(LEVEL_METADATA), file_size: BIGINT, href: VARCHAR,
  // later additions go last: the positions above are the contract, and older Parquet lacks these
  compression_name: VARCHAR, band_descriptions: LIST(VARCHAR),
  colormap: LIST(STRUCT({ index: INTEGER, r: INTEGER, g: INTEGER, b: INTEGER, a: INTEGER })),
});

/** Metadata for a chunk of URLs (NULL URLs give NULL); the first failing row fails the query. */
function metadataOf(columns: readonly (readonly unknown[])[], rowCount: number): (CogMetadata | null)[] {
  const urls = columns[0] as readonly (string | null)[];
  const wanted = urls.map((u, row) => ({ u, row })).filter((x): x is { u: string; row: number } => x.u !== null);
  const out: (CogMetadata | null)[] = new Array(rowCount).fill(null);
  runWave('cog_metadata', 'cogMetadata', byUrl(wanted.map((x) => x.u)), wanted.map((x) => x.row), out);
  return out;
}

export const COG_METADATA_FUNCTIONS: readonly FunctionDef[] = [
  scalar({
    name: 'cog_metadata',
    summary:
      "A GeoTIFF/COG's header as a struct: Rasteret's 17 {band}_metadata fields (sizes, dtype, 4-value transform, codec, every tile's offset and byte count, nodata...) then crs_epsg, crs_wkt, the 6-value affine, decode parameters, overviews, the internal mask and href, so read_chip(meta, geom) needs no header request; last compression_name ('deflate', 'lzw', 'zstd', 'jpeg', 'webp', 'lerc', 'packbits', 'lzma', 'none'; NULL for a codec rasterduck does not read) band_descriptions (GDAL's band descriptions, as rasterio's src.descriptions, NULL where absent) and colormap (a palette image's colour table as LIST(STRUCT(index, r, g, b, a)), 0-255 as rasterio's colormap(1); NULL without one; the pixels are the indices). Wrap in TRY() for NULL instead of an error.",
    params: [{ name: 'url', type: VARCHAR }],
    returns: COG_METADATA,
    // as the demo's writer made it (src/demo/demo-data.ts) and rasterio reads it
    example: { sql: "SELECT {'width': m.image_width, 'tile': m.tile_width, 'dtype': m.dtype, 'epsg': m.crs_epsg, 'codec': m.compression_name} FROM (SELECT cog_metadata('demo/S2_33UVU_20240510/red.tif') AS m)", expect: { width: 512, tile: 256, dtype: 'uint16', epsg: 32633, codec: 'deflate' } },
    run: metadataOf,
  }),
];
