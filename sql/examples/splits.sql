-- Deterministic train/val/test splits (70/20/10), keyed by scene id: the same for
-- everyone with the same seed.
SELECT id, rasteret_split(id, seed := 42, train := 0.7, val := 0.2) AS split
FROM boulder;

-- Spatial blocks of 0.5 degrees: neighbouring scenes share a split, so nothing near a
-- test scene is trained on.
SELECT id, rasteret_block(geometry, block_size := 0.5) AS block,
       rasteret_block_split(geometry, block_size := 0.5, seed := 42) AS split
FROM boulder;

-- The least cloudy scene per MGRS tile and month.
SELECT id, "grid:code", datetime, "eo:cloud_cover"
FROM rasteret_least_cloudy('boulder', period := 'month', tile := 'grid:code', cloud := 'eo:cloud_cover')
ORDER BY "grid:code", datetime;

-- Counts per split, to check the fractions.
SELECT rasteret_split(id, seed := 42) AS split, count(*) FROM boulder GROUP BY ALL ORDER BY split;
