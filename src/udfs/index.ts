/**
 * Every SQL function family rasterduck registers, in the order the docs list them: UDFs and
 * macros alike (a macro's SQL is in sql/macros/<file>.sql, read through its declaration).
 * Macro files are created in the order their first macro appears here, and a macro can
 * only call macros created before it, so a family of helpers comes before its callers.
 */
import type { FunctionDef } from './define.js';
import { COG_METADATA_FUNCTIONS } from './cog_metadata.js';
import { COG_FOOTPRINT_FUNCTIONS } from './cog_footprint.js';
import { SPATIAL_FUNCTIONS } from './spatial.js';
import { RASTERET_BUILD_FUNCTIONS } from './rasteret_build.js';
import { RASTERET_BUILD_FROM_TABLE_FUNCTIONS } from './rasteret_build_from_table.js';
import { RASTERET_CATALOG_FUNCTIONS } from './rasteret_catalog.js';
import { RASTERET_GEOPARQUET_FUNCTIONS } from './rasteret_geoparquet.js';
import { RASTERET_SUBSETS_FUNCTIONS } from './rasteret_subsets.js';
import { IO_STATS_FUNCTIONS } from './rasterduck_io_stats.js';
import { RASTERDUCK_CHECK_FUNCTIONS } from './rasterduck_check.js';
import { READ_CHIP_FUNCTIONS } from './read_chip.js';
import { READ_CHIPS_FUNCTIONS } from './read_chips.js';
import { SAMPLE_POINT_FUNCTIONS } from './sample_point.js';
import { SAMPLE_POINTS_FUNCTIONS } from './sample_points.js';
import { BUILD_MOSAIC_FUNCTIONS } from './build_mosaic.js';
import { PREDICT_BLOCK_FUNCTIONS } from './predict_block.js';
import { VECTORIZE_FUNCTIONS } from './vectorize.js';
import { RASTER_SEDONA_FUNCTIONS } from './raster_sedona.js';
import { RASTER_SEDONA_PIXEL_FUNCTIONS } from './raster_sedona_pixels.js';
import { ZONAL_STATS_FUNCTIONS } from './zonal_stats.js';

export const ALL_FUNCTIONS: readonly FunctionDef[] = [
  ...COG_METADATA_FUNCTIONS,
  ...COG_FOOTPRINT_FUNCTIONS,
  ...READ_CHIP_FUNCTIONS,
  // internal checks and scene matching, before the macros that call them
  ...RASTERDUCK_CHECK_FUNCTIONS,
  ...READ_CHIPS_FUNCTIONS,
  ...SAMPLE_POINT_FUNCTIONS,
  ...SAMPLE_POINTS_FUNCTIONS,
  ...ZONAL_STATS_FUNCTIONS,
  ...IO_STATS_FUNCTIONS,
  ...SPATIAL_FUNCTIONS,
  ...RASTERET_BUILD_FUNCTIONS,
  ...RASTERET_BUILD_FROM_TABLE_FUNCTIONS,
  ...RASTERET_CATALOG_FUNCTIONS,
  ...RASTERET_SUBSETS_FUNCTIONS,
  ...RASTERET_GEOPARQUET_FUNCTIONS,
  ...BUILD_MOSAIC_FUNCTIONS,
  ...PREDICT_BLOCK_FUNCTIONS,
  ...VECTORIZE_FUNCTIONS,
  ...RASTER_SEDONA_FUNCTIONS,
  ...RASTER_SEDONA_PIXEL_FUNCTIONS,
];
