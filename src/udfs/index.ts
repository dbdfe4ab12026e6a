/** Every SQL function family rasterduck registers, in the order the docs list them. */
import type { FunctionDef } from './define.js';
import { COG_METADATA_FUNCTIONS } from './cog_metadata.js';
import { SPATIAL_FUNCTIONS } from './spatial.js';
import { RASTERET_BUILD_FUNCTIONS } from './rasteret_build.js';
import { RASTERET_CATALOG_FUNCTIONS } from './rasteret_catalog.js';
import { IO_STATS_FUNCTIONS } from './rasterduck_io_stats.js';
import { READ_CHIP_FUNCTIONS } from './read_chip.js';
import { SAMPLE_POINT_FUNCTIONS } from './sample_point.js';
import { BUILD_MOSAIC_FUNCTIONS } from './build_mosaic.js';
import { PREDICT_BLOCK_FUNCTIONS } from './predict_block.js';
import { VECTORIZE_FUNCTIONS } from './vectorize.js';
import { ZONAL_STATS_FUNCTIONS } from './zonal_stats.js';

export const ALL_FUNCTIONS: readonly FunctionDef[] = [...COG_METADATA_FUNCTIONS, ...READ_CHIP_FUNCTIONS, ...SAMPLE_POINT_FUNCTIONS, ...ZONAL_STATS_FUNCTIONS, ...IO_STATS_FUNCTIONS, ...SPATIAL_FUNCTIONS, ...RASTERET_BUILD_FUNCTIONS, ...RASTERET_CATALOG_FUNCTIONS, ...BUILD_MOSAIC_FUNCTIONS, ...PREDICT_BLOCK_FUNCTIONS, ...VECTORIZE_FUNCTIONS];
