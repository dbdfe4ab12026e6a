/** cog_footprint: a COG's outline from its cached metadata, a macro (sql/macros/cog_footprint.sql). */
import { macro, type FunctionDef } from './define.js';

export const COG_FOOTPRINT_FUNCTIONS: readonly FunctionDef[] = [
  macro({
    name: 'cog_footprint', kind: 'macro', file: 'cog_footprint',
    summary: "The outline of a COG as a lon/lat polygon, from its cog_metadata struct alone (no request; north-up grids): its four corners reprojected from crs_epsg to EPSG:4326, x = longitude. Fills a collection's missing footprints: UPDATE scenes SET geometry = cog_footprint(red_metadata).",
    params: [{ name: 'meta', type: 'cog_metadata STRUCT' }],
    returns: 'GEOMETRY',
    example: {
      sql: "SELECT [round(ST_XMin(f), 6), round(ST_YMin(f), 6), round(ST_XMax(f), 6), round(ST_YMax(f), 6)] FROM (SELECT cog_footprint(red_metadata) AS f FROM scenes WHERE id = 'S2_33UVU_20240510')",
      // rasterio.warp.transform of the four corners
      expect: [15, 52.304238, 15.075169, 52.350293],
    },
  }),
];
