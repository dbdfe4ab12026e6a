-- The whole field-boundary pipeline in SQL, as Fields of The World / RasterFlow run it:
-- collection -> seasonal median mosaic -> model probabilities -> field polygons in
-- GeoParquet, FlatGeobuf and PMTiles. `node dist/demo/pipeline.js` runs it in a folder
-- holding scenes.json (the demo collection it writes: two 512 px tiles at 10 m in UTM 33N,
-- a May and a July scene each, bands B02, B03, B04, B08) and sets the variable `model` to
-- models/field-unet.onnx. Every step is resumable: rerun it after a kill and finished
-- blocks are skipped.

-- 1. The collection: one row per scene, a <band>_metadata column per band.
CREATE OR REPLACE TABLE scenes AS
SELECT id, datetime::TIMESTAMPTZ AS datetime,
       cog_metadata(B02_href) AS B02_metadata, cog_metadata(B03_href) AS B03_metadata,
       cog_metadata(B04_href) AS B04_metadata, cog_metadata(B08_href) AS B08_metadata
FROM read_json('scenes.json');

-- 2. Seasonal median composites on a 10 m UTM grid, in the band order of the model card
--    (B04, B03, B02, B08; time 0 = season a, time 1 = season b).
SELECT status, count(*) AS blocks
FROM build_mosaic('scenes', bands := ['B04', 'B03', 'B02', 'B08'],
                  date_ranges := ['2024-04-01/2024-06-30', '2024-07-01/2024-09-30'],
                  crs := 'EPSG:32633', resolution := 10, block_size := 512, output := 'mosaic.zarr')
GROUP BY status ORDER BY status;

-- 3. Per-class probabilities (non_field_background, field, field_boundaries): patches of
--    256 px, 32 px margins down-weighted, 512 px blocks with a seamless halo.
SELECT status, count(*) AS blocks, sum(patches) AS patches, round(sum(seconds), 2) AS seconds
FROM predict_block('mosaic.zarr', model := getvariable('model'), patch_size := 256, clip_size := 32,
                   batch_size := 8, block_size := 512, output := 'prediction.zarr')
GROUP BY status ORDER BY status;

-- 4. Field polygons: pixels with P(field) >= 0.5 (boundary pixels fall out, so touching
--    fields stay apart), exact pixel edges, parcels under 0.2 ha dropped; FlatGeobuf and
--    PMTiles (lon/lat, layer 'fields') written alongside. Then GeoParquet 1.1: DuckDB's own
--    COPY would write 1.0.0 metadata, so the `geo` key is ours (geoparquet_metadata). The
--    table is DuckDB's to hold (it spills to disk); a plain
--    COPY (FROM vectorize(...)) TO 'fields.parquet' streams instead, with 1.0.0 metadata.
CREATE TEMP TABLE fields AS
  SELECT * FROM vectorize('prediction.zarr', threshold := 0.5, class := 'field', min_area := 2000,
                          fgb := 'fields.fgb', pmtiles := 'fields.pmtiles', min_zoom := 10, max_zoom := 15);
SET VARIABLE fields_geo = (SELECT geoparquet_metadata(geometry) FROM fields);
COPY (SELECT * REPLACE (ST_AsWKB(geometry) AS geometry) FROM fields) TO 'fields.parquet'
  (FORMAT parquet, GEOPARQUET_VERSION 'NONE', KV_METADATA {geo: getvariable('fields_geo')});

SELECT count(*) AS fields, round(sum(area) / 1e4, 1) AS hectares, round(avg(score_mean), 3) AS mean_score,
       round(min(ST_XMin(geometry)), 4) AS lon_min, round(max(ST_YMax(geometry)), 4) AS lat_max
FROM 'fields.parquet';
