-- Write a collection as GeoParquet 1.1 partitioned by year and month (zstd), and read it
-- back. From Node, writeCollection(connection, 'boulder', 'boulder_collection') does the
-- same into a temp folder and renames it into place, so readers never see half a write.
SET VARIABLE geo = (SELECT rasteret_geo_metadata(geometry, bbox) FROM boulder);
COPY (FROM rasteret_export('boulder')) TO 'boulder_collection'
  (FORMAT parquet, PARTITION_BY (year, month), COMPRESSION zstd,
   GEOPARQUET_VERSION 'NONE', KV_METADATA {geo: getvariable('geo')});

-- Anyone can filter it without reading a header again.
SELECT id, datetime, B04_metadata.tile_offsets[1] AS first_tile
FROM rasteret_load('boulder_collection')
WHERE month = 5 AND "eo:cloud_cover" < 10;

-- The file-level metadata, as GeoParquet readers see it.
SELECT key::VARCHAR AS key, value::VARCHAR AS value
FROM parquet_kv_metadata('boulder_collection/year=2024/month=5/*.parquet');
