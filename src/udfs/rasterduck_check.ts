/** rasterduck_check: the internal checks read_chips and sample_points share (sql/macros/rasterduck_check.sql). */
import { macro, type FunctionDef } from './define.js';

export const RASTERDUCK_CHECK_FUNCTIONS: readonly FunctionDef[] = [
  macro({
    name: 'rasterduck_check_collection', kind: 'table macro', file: 'rasterduck_check', internal: true,
    summary: "One row, ok = true, when every band of `bands` has a <band>_metadata column in the collection and every scene has a footprint; else an error naming the collection and the fix (read_chips and sample_points call it).",
    params: [{ name: 'collection', type: 'VARCHAR' }, { name: 'bands', type: 'VARCHAR[]' }, { name: 'fn', type: 'VARCHAR' }],
    returns: 'TABLE(ok BOOLEAN)',
    example: { sql: "SELECT ok FROM rasterduck_check_collection('scenes', ['red'], 'read_chips')", expect: true },
  }),
  macro({
    name: 'rasterduck_check_lonlat', kind: 'macro', file: 'rasterduck_check', internal: true,
    summary: 'The geometry, or an error when geometry_crs says lon/lat and its bounds are not degrees (a label table in UTM metres); read_chips and sample_points call it.',
    params: [{ name: 'geometry', type: 'GEOMETRY' }, { name: 'geometry_crs', type: 'VARCHAR' }, { name: 'tbl', type: 'VARCHAR' }, { name: 'fn', type: 'VARCHAR' }],
    returns: 'GEOMETRY',
    example: { sql: "SELECT ST_AsText(rasterduck_check_lonlat(ST_Point(15, 52), 'EPSG:4326', 'points', 'sample_points'))", expect: 'POINT (15 52)' },
  }),
  macro({
    name: 'rasterduck_match_scenes', kind: 'table macro', file: 'rasterduck_check', internal: true,
    summary: "The (geometry, scene) pairs read_chips, sample_points and zonal_stats read: the geometry table's columns, scene_id, scene_datetime and the <band>_metadata columns, matched exactly on the first band's raster in its CRS (cog_intersects) after a cog_footprint prefilter, after the checks above; in geometry order, then by date, so a DuckDB chunk holds many scenes for the I/O workers to share.",
    params: [{ name: 'collection', type: 'VARCHAR' }, { name: 'geometries', type: 'VARCHAR' }, { name: 'bands', type: 'VARCHAR[]' }, { name: 'geometry_crs', type: 'VARCHAR' }, { name: 'fn', type: 'VARCHAR' }],
    returns: 'TABLE(<geometries columns>, scene_id VARCHAR, scene_datetime TIMESTAMPTZ, <band>_metadata ...)',
    // the six demo fields lie on the first tile (fields 1-4) or the second (5, 6), each seen twice
    example: { sql: "SELECT count(*) FROM rasterduck_match_scenes('scenes', 'fields', ['red'], 'EPSG:4326', 'read_chips')", expect: 12 },
  }),
];
