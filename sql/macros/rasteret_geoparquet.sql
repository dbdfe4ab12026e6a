-- Export and reload of collections as GeoParquet 1.1: geometry as plain WKB, the `geo`
-- file metadata written by us (version 1.1.0, primary column, encoding, geometry types,
-- bbox, and the bbox struct column as covering; CRS omitted because footprints are
-- OGC:CRS84 lon/lat, the GeoParquet default). Recipe (sql/examples/export_collection.sql):
--
--   SET VARIABLE geo = (SELECT rasteret_geo_metadata(geometry, bbox) FROM scenes);
--   COPY (FROM rasteret_export('scenes')) TO 'scenes' (FORMAT parquet, PARTITION_BY (year, month),
--        COMPRESSION zstd, GEOPARQUET_VERSION 'NONE', KV_METADATA {geo: getvariable('geo')});
--   FROM rasteret_load('scenes');
--
-- GEOPARQUET_VERSION 'NONE' stops DuckDB from adding its own GeoParquet 1.0 `geo` key
-- (a file would otherwise carry two) and from tagging the column with Parquet's newer
-- GEOMETRY logical type, which GeoParquet 1.1 readers do not expect.

-- GeoParquet's name for the type of one ISO WKB geometry (as ST_AsWKB writes it: little-endian).
CREATE OR REPLACE MACRO rasteret_wkb_type(wkb) AS (
  WITH t AS (SELECT ('0x' || substr(hex(wkb), 5, 2) || substr(hex(wkb), 3, 2))::INTEGER AS code)
  SELECT ['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'][code % 1000]
         || CASE WHEN code // 1000 IN (1, 3) THEN ' Z' ELSE '' END
  FROM t
);

-- The GeoParquet 1.1 `geo` metadata (JSON text) of a collection: an aggregate, so
-- SELECT rasteret_geo_metadata(geometry, bbox) FROM scenes.
CREATE OR REPLACE MACRO rasteret_geo_metadata(geom, box) AS CAST(json_object(
  'version', '1.1.0',
  'primary_column', 'geometry',
  'columns', json_object('geometry', json_object(
    'encoding', 'WKB',
    'geometry_types', list_sort(list_distinct(list(rasteret_wkb_type(ST_AsWKB(geom))))),
    'bbox', [min(box.xmin), min(box.ymin), max(box.xmax), max(box.ymax)],
    'covering', json_object('bbox', json_object(
      'xmin', ['bbox', 'xmin'], 'ymin', ['bbox', 'ymin'], 'xmax', ['bbox', 'xmax'], 'ymax', ['bbox', 'ymax']))))) AS VARCHAR);

-- The GeoParquet 1.1 `geo` metadata (JSON text) of any table whose primary column is a
-- lon/lat GEOMETRY named `geometry` (vectorize's default output, footprints): an aggregate.
-- DuckDB's own COPY writes GeoParquet 1.0.0 metadata; this writes 1.1.0 instead
-- (sql/examples/pipeline.sql):
--   SET VARIABLE geo = (SELECT geoparquet_metadata(geometry) FROM fields);
--   COPY (SELECT * REPLACE (ST_AsWKB(geometry) AS geometry) FROM fields) TO 'fields.parquet'
--        (FORMAT parquet, GEOPARQUET_VERSION 'NONE', KV_METADATA {geo: getvariable('geo')});
CREATE OR REPLACE MACRO geoparquet_metadata(geom) AS CAST(json_object(
  'version', '1.1.0',
  'primary_column', 'geometry',
  'columns', json_object('geometry', CASE WHEN count(geom) = 0
    THEN json_object('encoding', 'WKB', 'geometry_types', []::VARCHAR[])
    ELSE json_object(
      'encoding', 'WKB',
      'geometry_types', list_sort(list_distinct(list(rasteret_wkb_type(ST_AsWKB(geom))))),
      'bbox', [min(ST_XMin(geom)), min(ST_YMin(geom)), max(ST_XMax(geom)), max(ST_YMax(geom))]) END)) AS VARCHAR);

-- A collection table as it is written: geometry as WKB bytes.
CREATE OR REPLACE MACRO rasteret_export(tbl) AS TABLE
  SELECT * REPLACE (ST_AsWKB(geometry) AS geometry) FROM query_table(tbl);

-- A collection written by rasteret_write (or the recipe above): a directory of year=/month=
-- partitions, or one Parquet file. Geometry comes back as GEOMETRY, year and month as INTEGER.
CREATE OR REPLACE MACRO rasteret_load(path) AS TABLE
  SELECT * REPLACE (CAST(geometry AS GEOMETRY) AS geometry, CAST(year AS INTEGER) AS year, CAST(month AS INTEGER) AS month)
  FROM read_parquet(CASE WHEN path LIKE '%.parquet' THEN path ELSE rtrim(path, '/') || '/**/*.parquet' END,
                    hive_partitioning := true, union_by_name := true);
