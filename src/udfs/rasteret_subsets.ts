/** rasteret_subsets: subsets and reproducible splits of a collection, macros (sql/macros/rasteret_subsets.sql). */
import { macro, type FunctionDef } from './define.js';

const SPLIT_PARAMS = [
  { name: 'seed', type: 'INTEGER', default: '0' }, { name: 'train', type: 'DOUBLE', default: '0.8' }, { name: 'val', type: 'DOUBLE', default: '0.1' },
] as const;

export const RASTERET_SUBSETS_FUNCTIONS: readonly FunctionDef[] = [
  macro({
    name: 'rasteret_unit_hash', kind: 'macro', file: 'rasteret_subsets',
    summary: "A number in [0, 1) fixed by (key, seed): the first 52 bits of md5('<seed>:<key>'), stable across DuckDB versions (hash() is not).",
    params: [{ name: 'key', type: 'ANY' }, { name: 'seed', type: 'INTEGER', default: '0' }],
    returns: 'DOUBLE',
    // python: int(md5(b'0:field_1').hexdigest()[:13], 16) / 2**52
    example: { sql: "SELECT round(rasteret_unit_hash('field_1'), 9)", expect: 0.308610783 },
  }),
  macro({
    name: 'rasteret_split', kind: 'macro', file: 'rasteret_subsets',
    summary: "'train', 'val' or 'test' for a key, deterministic for a seed: a share train of the keys go to train, val to val, the rest to test; rows that share a key share a split.",
    params: [{ name: 'key', type: 'ANY' }, ...SPLIT_PARAMS],
    returns: 'VARCHAR',
    example: { sql: "SELECT list(rasteret_split('field_' || i) ORDER BY i) FROM range(1, 6) t(i)", expect: ['train', 'train', 'train', 'train', 'val'] },
  }),
  macro({
    name: 'rasteret_block', kind: 'macro', file: 'rasteret_subsets',
    summary: "The spatial block of a geometry: the cell of a grid of block_size degrees that holds the centre of its bounding box, as '<col>_<row>'.",
    params: [{ name: 'geom', type: 'GEOMETRY' }, { name: 'block_size', type: 'DOUBLE', default: '1.0' }],
    returns: 'VARCHAR',
    example: { sql: "SELECT rasteret_block(ST_Point(15.3, 52.7), block_size := 0.5)", expect: '30_105' },
  }),
  macro({
    name: 'rasteret_block_split', kind: 'macro', file: 'rasteret_subsets',
    summary: 'A spatial split: rasteret_split of the rasteret_block of a geometry, so whole grid cells go to one split and neighbouring chips do not leak between train and test.',
    params: [{ name: 'geom', type: 'GEOMETRY' }, { name: 'block_size', type: 'DOUBLE', default: '1.0' }, ...SPLIT_PARAMS],
    returns: 'VARCHAR',
    example: { sql: 'SELECT rasteret_block_split(ST_Point(15.3, 52.7)) = rasteret_split(rasteret_block(ST_Point(15.3, 52.7)))', expect: true },
  }),
  macro({
    name: 'rasteret_least_cloudy', kind: 'table macro', file: 'rasteret_subsets',
    summary: "The least cloudy scene per tile and period: one row per (tile, period) with the lowest cloud cover (ties: earliest datetime, then id). tile and cloud name columns; period is a date_trunc part ('month', 'quarter', 'year', 'week'...), in UTC.",
    params: [
      { name: 'tbl', type: 'VARCHAR' }, { name: 'period', type: 'VARCHAR', default: "'month'" },
      { name: 'tile', type: 'VARCHAR', default: "'grid:code'" }, { name: 'cloud', type: 'VARCHAR', default: "'eo:cloud_cover'" },
    ],
    returns: 'TABLE(<tbl columns>)',
    example: { sql: "SELECT list(id ORDER BY id) FROM rasteret_least_cloudy('scenes', period := 'year')", expect: ['S2_33UVU_20240724', 'S2_33UWU_20240510'] },
  }),
];
