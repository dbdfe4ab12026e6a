/** rasteret_build_from_table: a collection from the user's own table of scenes, a table macro (sql/macros/rasteret_build_from_table.sql). */
import { macro, type FunctionDef } from './define.js';

export const RASTERET_BUILD_FROM_TABLE_FUNCTIONS: readonly FunctionDef[] = [
  macro({
    name: 'rasteret_build_from_table', kind: 'table macro', file: 'rasteret_build_from_table',
    summary: "A collection from a table of scenes the user already has (a table or view name with id VARCHAR, datetime TIMESTAMPTZ or text with an offset, geometry GEOMETRY in lon/lat and one <band>_href VARCHAR column per band): its columns kept, plus bbox, year and month (UTC) and one <band>_metadata struct per <band>_href, read by cog_metadata in one concurrent wave per 2048 rows. on_error: 'fail' stops at the first unreadable header (naming it), 'null' keeps the row with NULL metadata, 'skip' drops it.",
    params: [{ name: 'tbl', type: 'VARCHAR' }, { name: 'on_error', type: 'VARCHAR', default: "'fail'" }],
    returns: 'TABLE(<tbl columns>, bbox STRUCT(xmin, ymin, xmax, ymax), year INTEGER, month INTEGER, <band>_metadata cog_metadata STRUCT per band)',
    example: {
      sql: "SELECT list([year, month, red_metadata.image_width, nir_metadata.crs_epsg] ORDER BY id) FROM rasteret_build_from_table('demo_scenes')",
      expect: [[2024, 5, 512, 32633], [2024, 7, 512, 32633], [2024, 5, 512, 32633], [2024, 7, 512, 32633]],
    },
  }),
];
