-- The demo's SQL, run by `npm run demo` over COGs served from a local HTTP server.
-- demo_files(scene, datetime, band, href) is created by the demo before this runs.

-- 1. Index every COG: one header request per file, all files in one concurrent wave.
--    The result is a Rasteret-style collection: one row per scene, one struct per band.
CREATE TABLE scenes AS
WITH indexed AS (SELECT scene, datetime, band, cog_metadata(href) AS meta FROM demo_files)
SELECT scene AS id, any_value(datetime) AS datetime,
       any_value(meta) FILTER (band = 'red') AS red_metadata,
       any_value(meta) FILTER (band = 'nir') AS nir_metadata
FROM indexed GROUP BY scene;
ALTER TABLE scenes ADD COLUMN geometry GEOMETRY;
UPDATE scenes SET geometry = cog_footprint(red_metadata);

SELECT id, datetime, red_metadata.image_width AS width, red_metadata.tile_width AS tile,
       red_metadata.dtype AS dtype, red_metadata.crs_epsg AS epsg, len(red_metadata.tile_offsets) AS tiles
FROM scenes ORDER BY id;

SELECT requests AS header_requests, bytes AS header_bytes FROM rasterduck_io_stats(reset := true) WHERE scheme = 'total';

-- 2. Labels: field polygons in lon/lat, as a labelling tool would export them.
CREATE TABLE fields AS
SELECT field_id, crop, ST_Transform(ST_MakeEnvelope(x0 + 20, y0 + 20, x0 + 620, y0 + 620), 'EPSG:32633', 'EPSG:4326', true) AS geometry
FROM (VALUES (1, 'wheat', 500480, 5795840), (2, 'grassland', 500480, 5797760), (3, 'maize', 502400, 5795840),
             (4, 'bare soil', 504320, 5795840), (5, 'grassland', 506240, 5795840), (6, 'wheat', 508160, 5795840)) AS t(field_id, crop, x0, y0);

-- 3. Mean NDVI per field per date: one statement. read_chips joins fields with the scenes
--    they intersect and reads both bands from the cached metadata: no header requests,
--    one wave of tile reads per chunk of rows.
SELECT field_id, crop, scene_datetime::DATE AS date,
       round(chip_stats(chip_normalized_difference(nir, red))[1].mean, 3) AS mean_ndvi,
       chip_stats(red)[1].count AS pixels
FROM read_chips('scenes', 'fields', bands := ['red', 'nir'])
ORDER BY field_id, date;

SELECT requests AS pixel_requests, bytes AS pixel_bytes FROM rasterduck_io_stats() WHERE scheme = 'total';

-- 4. Point samples, as rasterio's sample() gives them.
CREATE TABLE points AS SELECT 'well_1' AS point_id, ST_Transform(ST_Point(500615, 5796195), 'EPSG:32633', 'EPSG:4326', true) AS geometry;
SELECT point_id, scene_id, red[1] AS red, nir[1] AS nir
FROM sample_points('scenes', 'points', bands := ['red', 'nir'])
ORDER BY scene_id;
