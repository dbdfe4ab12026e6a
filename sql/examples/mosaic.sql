-- Seasonal median composites of the demo collection (`scenes`, made by sql/demo.sql:
-- id, datetime, red_metadata, nir_metadata) on RasterFlow's global grid (EPSG:4326 at
-- 8.983119e-5 degrees), written to a Zarr v3 cube (time, band, y, x) with an
-- N_VALID_PIXELS band, one COG per block in mosaic.zarr_cogs/, and an index of them.
--
-- The collection is a table or view name, as in read_chips: filter it first (dates, cloud
-- cover, area) in a view and pass the view. A LIST of its rows also works through a
-- variable (SET VARIABLE s = (SELECT list(c) FROM scenes c); build_mosaic(getvariable('s'), ...)),
-- but not as a subquery argument, which DuckDB refuses in a FROM clause.
CREATE OR REPLACE VIEW spring_summer AS SELECT * FROM scenes WHERE datetime >= TIMESTAMPTZ '2024-04-01';

-- The plan first: blocks, candidate scenes, tiles and bytes to read, memory per block.
SELECT count(*) AS blocks, sum(bytes_to_read) AS bytes_to_read, max(memory_bytes) AS peak_memory_bytes
FROM build_mosaic('spring_summer', bands := ['red', 'nir'],
                  date_ranges := ['2024-04-01/2024-06-30', '2024-07-01/2024-09-30'],
                  resampling := 'cubic', block_size := 512, dry_run := true);

-- Build it, writing the COG index as GeoParquet (tile_id, geometry in lon/lat, time,
-- dataset, url). Killed and rerun, it skips finished blocks (status 'skipped (done)').
-- With Sentinel-2 L2A add mask_band := 'scl' (SCL classes 0, 1, 3, 8, 9, 10 are masked),
-- max_cloud := 20 to drop cloudy scenes (eo:cloud_cover), scenes_per_pixel := 4 to stop
-- reading once every pixel has 4 clear observations. date_ranges also takes seasons of
-- every year, composited from all the years the collection holds: month-days
-- ('04-01/06-30', '11-15/02-15' wraps the year end) or days of year ('91/181').
COPY (
  SELECT tile_id, geometry, time, dataset, url, status, valid_fraction
  FROM build_mosaic('spring_summer', bands := ['red', 'nir'],
                    date_ranges := ['2024-04-01/2024-06-30', '2024-07-01/2024-09-30'],
                    resampling := 'cubic', block_size := 512, output := 'mosaic.zarr')
  WHERE url IS NOT NULL
) TO 'mosaic_index.parquet' (FORMAT parquet);
