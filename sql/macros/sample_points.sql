-- sample_points: pixel values of a collection under a table of points (matching and checks:
-- rasterduck_check.sql).

-- sample_points(collection, points, bands := [...]): the pixel values under each point for
-- each scene whose raster holds it (rasterio's sample()), one DOUBLE[] column per band;
-- scenes are matched as in read_chips.
CREATE OR REPLACE MACRO sample_points(collection, points, bands := ['red'], geometry_crs := 'EPSG:4326') AS TABLE
  SELECT COLUMNS(k -> NOT regexp_matches(k, '^(' || array_to_string(bands, '|') || ')_metadata$')),
         sample_point(COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$'), geometry, geometry_crs) AS '\1'
  FROM rasterduck_match_scenes(collection, points, bands, geometry_crs, 'sample_points');
