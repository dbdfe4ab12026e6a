-- build_mosaic(collection, ...): median composites of a collection per date window, written
-- to a Zarr v3 cube and one COG per block; one row per block and window (dry_run: the plan).
-- Arguments: see build_mosaic in docs/functions.md (declared in src/udfs/build_mosaic.ts). `collection` is a table or view
-- name, as in read_chips ('scenes'; filter it in a view first), or a LIST of its rows through
-- a variable (getvariable('scenes') after SET VARIABLE scenes = (SELECT list(c) FROM scenes c)).
-- A table macro over the scalar build_mosaic_rows, because a table function cannot read a
-- table: the rows of a named table go to the scalar beside the name (a LIST leaves them to a
-- one-row stand-in, information_schema.schemata, which it ignores). The columns are the
-- plan's or the run's, chosen by dry_run.
CREATE OR REPLACE MACRO build_mosaic(collection, bbox := NULL, crs := NULL, resolution := NULL, date_ranges := NULL,
    bands := NULL, mask_band := NULL, mask_classes := NULL, max_cloud := NULL, resampling := NULL, output := NULL,
    block_size := NULL, scenes_per_pixel := NULL, dry_run := NULL, overwrite := NULL) AS TABLE
  WITH r AS (
    SELECT unnest(build_mosaic_rows(collection,
      (SELECT list(c) FROM query_table(
         CASE WHEN typeof(collection) = 'VARCHAR' AND NOT starts_with(ltrim(CAST(collection AS VARCHAR)), '[')
              THEN CAST(collection AS VARCHAR) ELSE 'information_schema.schemata' END) c),
      -- typed as the arguments are documented (an untyped NULL cannot cross to JS)
      {'bbox': CAST(bbox AS DOUBLE[]), 'crs': CAST(crs AS VARCHAR), 'resolution': CAST(resolution AS DOUBLE),
       'date_ranges': CAST(date_ranges AS VARCHAR[]), 'bands': CAST(bands AS VARCHAR[]), 'mask_band': CAST(mask_band AS VARCHAR),
       'mask_classes': CAST(mask_classes AS INTEGER[]), 'max_cloud': CAST(max_cloud AS DOUBLE),
       'resampling': CAST(resampling AS VARCHAR), 'output': CAST(output AS VARCHAR), 'block_size': CAST(block_size AS INTEGER),
       'scenes_per_pixel': CAST(scenes_per_pixel AS INTEGER), 'dry_run': CAST(dry_run AS BOOLEAN),
       'overwrite': CAST(overwrite AS BOOLEAN)}), recursive := true))
  SELECT COLUMNS(k -> list_contains(CASE WHEN coalesce(dry_run, false)
      THEN ['tile_id', 'time', 'blocks', 'scenes', 'tiles', 'bytes_to_read', 'memory_bytes']
      ELSE ['tile_id', 'time', 'status', 'valid_fraction', 'scenes', 'geometry', 'dataset', 'url'] END, k))
  FROM r;
