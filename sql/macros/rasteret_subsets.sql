-- Subsets and splits of a collection, in SQL (examples: sql/examples/splits.sql).

-- A number in [0, 1) fixed by (key, seed): the first 52 bits of md5('<seed>:<key>'). md5,
-- not hash(), because DuckDB's hash may change between versions and splits must not.
CREATE OR REPLACE MACRO rasteret_unit_hash(key, seed := 0) AS
  ('0x' || substr(md5(CAST(seed AS VARCHAR) || ':' || CAST(key AS VARCHAR)), 1, 13))::BIGINT / 4503599627370496.0;

-- 'train', 'val' or 'test' for a key, deterministic for a seed: a share `train` of keys
-- go to train, `val` to val, the rest to test. Rows that share a key share a split.
CREATE OR REPLACE MACRO rasteret_split(key, seed := 0, train := 0.8, val := 0.1) AS
  CASE
    WHEN train < 0 OR val < 0 OR train + val > 1
      THEN error('rasteret_split: train and val must be fractions with train + val <= 1, got train = ' || train || ', val = ' || val)
    WHEN rasteret_unit_hash(key, seed) < train THEN 'train'
    WHEN rasteret_unit_hash(key, seed) < train + val THEN 'val'
    ELSE 'test'
  END;

-- The spatial block of a geometry: the cell of a grid of `block_size` degrees that holds
-- the centre of its bounding box, as text ('<col>_<row>').
CREATE OR REPLACE MACRO rasteret_block(geom, block_size := 1.0) AS
  CAST(floor((ST_XMin(geom) + ST_XMax(geom)) / 2 / block_size) AS BIGINT) || '_' ||
  CAST(floor((ST_YMin(geom) + ST_YMax(geom)) / 2 / block_size) AS BIGINT);

-- A spatial block split: whole grid cells go to one split, so scenes (or chips) next to
-- each other do not leak between train and test. Cells are `block_size` degrees.
CREATE OR REPLACE MACRO rasteret_block_split(geom, block_size := 1.0, seed := 0, train := 0.8, val := 0.1) AS
  rasteret_split(rasteret_block(geom, block_size), seed, train, val);

-- The least cloudy scene per tile and period: one row per (tile, period), the one with the
-- lowest cloud cover (ties: earliest datetime, then id). `tile` and `cloud` name columns;
-- `period` is a date_trunc part ('month', 'quarter', 'year', 'week'...), in UTC.
CREATE OR REPLACE MACRO rasteret_least_cloudy(tbl, period := 'month', tile := 'grid:code', cloud := 'eo:cloud_cover') AS TABLE
  SELECT * FROM query_table(tbl) t
  QUALIFY row_number() OVER (
    PARTITION BY t[tile], date_trunc(period, timezone('UTC', t.datetime))
    ORDER BY t[cloud] ASC NULLS LAST, t.datetime, t.id) = 1;
