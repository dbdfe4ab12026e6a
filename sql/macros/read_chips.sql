-- read_chips(collection, geometries, bands := [...]): one row per (geometry, scene) whose
-- raster the geometry overlaps, the geometry table's columns (labels) carried through, and
-- one chip column per band, named after the band. `collection` and `geometries` are table or
-- view names: filter a collection (dates, cloud cover) in a view, then pass the view.
-- The geometry table's `geometry` column is in geometry_crs (lon/lat by default); chips
-- are read in each scene's own CRS from its cached {band}_metadata (no header request).
-- Scenes are matched on the raster of the first band, exactly, in its own CRS
-- (cog_intersects), after a lon/lat prefilter on cog_footprint, which covers every pixel.
-- The collection's geometry column is not used: a STAC item's geometry can stop short of
-- the raster's edges, and four reprojected corners cut inside its curved edges.
CREATE OR REPLACE MACRO read_chips(collection, geometries, bands := ['red'], geometry_crs := 'EPSG:4326', all_touched := false) AS TABLE
  WITH g AS (SELECT *, ST_Transform(geometry, geometry_crs, 'EPSG:4326', true) AS __lonlat FROM query_table(geometries)),
       s AS (SELECT *, COLUMNS('^(' || bands[1] || ')_metadata$') AS __scene FROM query_table(collection)),
       c AS (SELECT *, cog_footprint(__scene) AS __cover FROM s)
  SELECT g.* EXCLUDE (__lonlat), c.id AS scene_id, c.datetime AS scene_datetime,
         read_chip(COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$'), g.geometry, geometry_crs, all_touched) AS '\1'
  FROM c
  JOIN g ON ST_Intersects_Extent(c.__cover, g.__lonlat) AND ST_Intersects(c.__cover, g.__lonlat)
        AND cog_intersects(c.__scene, g.geometry, geometry_crs);

-- sample_points(collection, points, bands := [...]): the pixel values under each point for
-- each scene whose raster holds it (rasterio's sample()), one DOUBLE[] column per band;
-- scenes are matched as in read_chips.
CREATE OR REPLACE MACRO sample_points(collection, points, bands := ['red'], geometry_crs := 'EPSG:4326') AS TABLE
  WITH p AS (SELECT *, ST_Transform(geometry, geometry_crs, 'EPSG:4326', true) AS __lonlat FROM query_table(points)),
       s AS (SELECT *, COLUMNS('^(' || bands[1] || ')_metadata$') AS __scene FROM query_table(collection)),
       c AS (SELECT *, cog_footprint(__scene) AS __cover FROM s)
  SELECT p.* EXCLUDE (__lonlat), c.id AS scene_id, c.datetime AS scene_datetime,
         sample_point(COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$'), p.geometry, geometry_crs) AS '\1'
  FROM c
  JOIN p ON ST_Intersects_Extent(c.__cover, p.__lonlat) AND ST_Intersects(c.__cover, p.__lonlat)
        AND cog_intersects(c.__scene, p.geometry, geometry_crs);
