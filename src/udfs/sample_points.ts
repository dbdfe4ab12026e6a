/** sample_points: pixel values of a collection under a table of points, a table macro (sql/macros/sample_points.sql). */
import { macro, type FunctionDef } from './define.js';

export const SAMPLE_POINTS_FUNCTIONS: readonly FunctionDef[] = [
  macro({
    name: 'sample_points', kind: 'table macro', file: 'sample_points',
    summary: "The pixel values under each point for each scene whose raster holds it (matched as in read_chips), as rasterio's sample(): the point table's columns, scene_id, scene_datetime and one DOUBLE[] column per band (band 1 first). points is a table or view name, its geometry in geometry_crs; checked as read_chips is.",
    params: [
      { name: 'collection', type: 'VARCHAR' }, { name: 'points', type: 'VARCHAR' },
      { name: 'bands', type: 'VARCHAR[]', default: "['red']" }, { name: 'geometry_crs', type: 'VARCHAR', default: "'EPSG:4326'" },
    ],
    returns: 'TABLE(<points columns>, scene_id VARCHAR, scene_datetime TIMESTAMPTZ, <band> DOUBLE[] per band)',
    example: {
      sql: "SELECT list([red[1], nir[1]] ORDER BY scene_id) FROM sample_points('scenes', 'points', bands := ['red', 'nir'])",
      // rasterio: src.sample([(500615, 5796195)]) on each date's red and nir
      expect: [[549, 4121], [1154, 2471]],
    },
  }),
];
