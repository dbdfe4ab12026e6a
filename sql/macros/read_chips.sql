-- read_chips(collection, geometries, bands := [...]): one row per (geometry, scene) whose
-- footprints intersect, the geometry table's columns (labels) carried through, and one
-- chip column per band, named after the band. `collection` and `geometries` are table or
-- view names: filter a collection (dates, cloud cover) in a view, then pass the view.
-- The geometry table's `geometry` column is in geometry_crs (lon/lat by default); chips
-- are read in each scene's own CRS from its cached {band}_metadata (no header request).
CREATE OR REPLACE MACRO read_chips(collection, geometries, bands := ['red'], geometry_crs := 'EPSG:4326', all_touched := false) AS TABLE
  WITH g AS (SELECT *, ST_Transform(geometry, geometry_crs, 'EPSG:4326', true) AS __lonlat FROM query_table(geometries))
  SELECT g.* EXCLUDE (__lonlat), c.id AS scene_id, c.datetime AS scene_datetime,
         read_chip(COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$'), g.geometry, geometry_crs, all_touched) AS '\1'
  FROM query_table(collection) AS c
  JOIN g ON ST_Intersects_Extent(c.geometry, g.__lonlat) AND ST_Intersects(c.geometry, g.__lonlat);

-- sample_points(collection, points, bands := [...]): the pixel values under each point for
-- each scene whose footprint holds it (rasterio's sample()), one DOUBLE[] column per band.
CREATE OR REPLACE MACRO sample_points(collection, points, bands := ['red'], geometry_crs := 'EPSG:4326') AS TABLE
  WITH p AS (SELECT *, ST_Transform(geometry, geometry_crs, 'EPSG:4326', true) AS __lonlat FROM query_table(points))
  SELECT p.* EXCLUDE (__lonlat), c.id AS scene_id, c.datetime AS scene_datetime,
         sample_point(COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$'), p.geometry, geometry_crs) AS '\1'
  FROM query_table(collection) AS c
  JOIN p ON ST_Intersects_Extent(c.geometry, p.__lonlat) AND ST_Intersects(c.geometry, p.__lonlat);
