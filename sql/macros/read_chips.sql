-- read_chips: chips of a collection under a table of geometries (checks: rasterduck_check.sql).

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
-- A band without a {band}_metadata column, scenes whose first band has no metadata and
-- geometries that are not degrees under the default geometry_crs are errors
-- (rasterduck_check.sql).
CREATE OR REPLACE MACRO read_chips(collection, geometries, bands := ['red'], geometry_crs := 'EPSG:4326', all_touched := false) AS TABLE
  WITH g AS (SELECT *, ST_Transform(rasterduck_check_lonlat(geometry, geometry_crs, geometries, 'read_chips'), geometry_crs, 'EPSG:4326', true) AS __lonlat
             FROM query_table(geometries)),
       s AS (SELECT *, COLUMNS('^(' || bands[1] || ')_metadata$') AS __scene FROM query_table(collection)),
       c AS (SELECT *, cog_footprint(__scene) AS __cover FROM s)
  SELECT g.* EXCLUDE (__lonlat), c.id AS scene_id, c.datetime AS scene_datetime,
         read_chip(COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$'), g.geometry, geometry_crs, all_touched) AS '\1'
  FROM c
  JOIN g ON ST_Intersects_Extent(c.__cover, g.__lonlat) AND ST_Intersects(c.__cover, g.__lonlat)
        AND cog_intersects(c.__scene, g.geometry, geometry_crs)
  WHERE (SELECT ok FROM rasterduck_check_collection(collection, bands, 'read_chips'));
