-- sample_points: pixel values of a collection under a table of points (checks: rasterduck_check.sql).

-- sample_points(collection, points, bands := [...]): the pixel values under each point for
-- each scene whose raster holds it (rasterio's sample()), one DOUBLE[] column per band;
-- scenes are matched as in read_chips.
CREATE OR REPLACE MACRO sample_points(collection, points, bands := ['red'], geometry_crs := 'EPSG:4326') AS TABLE
  WITH p AS (SELECT *, ST_Transform(rasterduck_check_lonlat(geometry, geometry_crs, points, 'sample_points'), geometry_crs, 'EPSG:4326', true) AS __lonlat
             FROM query_table(points)),
       s AS (SELECT *, COLUMNS('^(' || bands[1] || ')_metadata$') AS __scene FROM query_table(collection)),
       c AS (SELECT *, cog_footprint(__scene) AS __cover FROM s)
  SELECT p.* EXCLUDE (__lonlat), c.id AS scene_id, c.datetime AS scene_datetime,
         sample_point(COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$'), p.geometry, geometry_crs) AS '\1'
  FROM c
  JOIN p ON ST_Intersects_Extent(c.__cover, p.__lonlat) AND ST_Intersects(c.__cover, p.__lonlat)
        AND cog_intersects(c.__scene, p.geometry, geometry_crs)
  WHERE (SELECT ok FROM rasterduck_check_collection(collection, bands, 'sample_points'));
