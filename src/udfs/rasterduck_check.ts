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
];
