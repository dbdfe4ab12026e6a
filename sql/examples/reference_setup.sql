-- The tables the examples of docs/functions.md run on (test/sql/examples.test.ts runs
-- every example after this file, in a folder holding the demo COGs as ./demo: `npm run
-- demo` writes them to <tmp>/rasterduck-demo). Two neighbouring UTM 33N tiles of 512 x 512
-- pixels of 10 m (x from 500000 and from 505120, y down from 5800000), each seen on 10 May
-- and 24 July 2024; bands red and nir, uint16, nodata 0 in a triangle at the top left.

-- The scene files as a user's own table: rasteret_build_from_table makes it a collection.
CREATE TABLE demo_scenes AS
SELECT id, datetime, ST_Transform(ST_MakeEnvelope(x0, 5794880, x0 + 5120, 5800000), 'EPSG:32633', 'EPSG:4326', true) AS geometry,
       tile AS "grid:code", cloud AS "eo:cloud_cover", 'demo/' || id || '/red.tif' AS red_href, 'demo/' || id || '/nir.tif' AS nir_href
FROM (VALUES ('S2_33UVU_20240510', TIMESTAMPTZ '2024-05-10 10:15:00+00', 500000, '33UVU', 12.5),
             ('S2_33UVU_20240724', TIMESTAMPTZ '2024-07-24 10:15:00+00', 500000, '33UVU', 3.0),
             ('S2_33UWU_20240510', TIMESTAMPTZ '2024-05-10 10:15:00+00', 505120, '33UWU', 1.0),
             ('S2_33UWU_20240724', TIMESTAMPTZ '2024-07-24 10:15:00+00', 505120, '33UWU', 40.0)) AS t(id, datetime, x0, tile, cloud);
CREATE TABLE scenes AS FROM rasteret_build_from_table('demo_scenes');

-- The same scenes as static STAC items (newline-delimited), for rasteret_build.
COPY (SELECT 'Feature' AS type, '1.0.0' AS stac_version, id, json(ST_AsGeoJSON(geometry)) AS geometry,
             [ST_XMin(geometry), ST_YMin(geometry), ST_XMax(geometry), ST_YMax(geometry)] AS bbox,
             {'datetime': strftime(datetime AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ'), 'eo:cloud_cover': "eo:cloud_cover"} AS properties,
             {'red': {'href': red_href, 'type': 'image/tiff; application=geotiff'}, 'nir': {'href': nir_href, 'type': 'image/tiff; application=geotiff'}} AS assets
      FROM demo_scenes ORDER BY id) TO 'demo_items.ndjson' (FORMAT json);

-- Labels: field polygons in lon/lat, as a labelling tool would export them (as sql/demo.sql).
CREATE TABLE fields AS
SELECT field_id, crop, ST_Transform(ST_MakeEnvelope(x0 + 20, y0 + 20, x0 + 620, y0 + 620), 'EPSG:32633', 'EPSG:4326', true) AS geometry
FROM (VALUES (1, 'wheat', 500480, 5795840), (2, 'grassland', 500480, 5797760), (3, 'maize', 502400, 5795840),
             (4, 'bare soil', 504320, 5795840), (5, 'grassland', 506240, 5795840), (6, 'wheat', 508160, 5795840)) AS t(field_id, crop, x0, y0);

-- A point, in lon/lat, for sample_points.
CREATE TABLE points AS SELECT 'well_1' AS point_id, ST_Transform(ST_Point(500615, 5796195), 'EPSG:32633', 'EPSG:4326', true) AS geometry;

-- The collection written as GeoParquet, for rasteret_load.
COPY (FROM rasteret_export('scenes')) TO 'scenes.parquet' (FORMAT parquet);
