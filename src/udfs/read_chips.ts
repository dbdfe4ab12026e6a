/** read_chips: chips of a collection under a table of geometries, a table macro (sql/macros/read_chips.sql). */
import { macro, type FunctionDef } from './define.js';

export const READ_CHIPS_FUNCTIONS: readonly FunctionDef[] = [
  macro({
    name: 'read_chips', kind: 'table macro', file: 'read_chips',
    summary: "One row per (geometry, scene) whose raster the geometry overlaps (tested exactly in the raster's CRS with cog_intersects, on the first band, after a lon/lat prefilter on cog_footprint; the collection's geometry column is not used): the geometry table's columns (labels) carried through, scene_id, scene_datetime and one chip column per band, named after it (read_chip from the cached {band}_metadata: no header request). collection and geometries are table or view names (filter a collection in a view first); the geometries are in geometry_crs. A band without a {band}_metadata column, a scene whose first band's metadata is NULL and geometries that are not degrees under the default geometry_crs are errors naming the fix.",
    params: [
      { name: 'collection', type: 'VARCHAR' }, { name: 'geometries', type: 'VARCHAR' },
      { name: 'bands', type: 'VARCHAR[]', default: "['red']" }, { name: 'geometry_crs', type: 'VARCHAR', default: "'EPSG:4326'" },
      { name: 'all_touched', type: 'BOOLEAN', default: 'false' },
    ],
    returns: 'TABLE(<geometries columns>, scene_id VARCHAR, scene_datetime TIMESTAMPTZ, <band> chip STRUCT per band)',
    example: {
      sql: "SELECT list(field_id || ':' || scene_id[4:8] || ':' || chip_stats(nir)[1].count ORDER BY field_id, scene_id) FROM read_chips('scenes', 'fields', bands := ['red', 'nir']) WHERE field_id <= 2",
      // 600 m fields on a 10 m grid: 60 x 60 pixels (by hand)
      expect: ['1:33UVU:3600', '1:33UVU:3600', '2:33UVU:3600', '2:33UVU:3600'],
    },
  }),
];
