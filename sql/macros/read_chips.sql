-- read_chips: chips of a collection under a table of geometries (checks: rasterduck_check.sql).

-- read_chips(collection, geometries, bands := [...]): one row per (geometry, scene) whose
-- footprints intersect, the geometry table's columns (labels) carried through, and one
-- chip column per band, named after the band. `collection` and `geometries` are table or
-- view names: filter a collection (dates, cloud cover) in a view, then pass the view.
-- The geometry table's `geometry` column is in geometry_crs (lon/lat by default); chips
-- are read in each scene's own CRS from its cached {band}_metadata (no header request).
-- A band without a {band}_metadata column, a scene without a footprint (NULL geometry)
-- and geometries that are not degrees under the default geometry_crs are errors.
CREATE OR REPLACE MACRO read_chips(collection, geometries, bands := ['red'], geometry_crs := 'EPSG:4326', all_touched := false) AS TABLE
  WITH g AS (SELECT *, ST_Transform(rasterduck_check_lonlat(geometry, geometry_crs, geometries, 'read_chips'), geometry_crs, 'EPSG:4326', true) AS __lonlat
             FROM query_table(geometries))
  SELECT g.* EXCLUDE (__lonlat), c.id AS scene_id, c.datetime AS scene_datetime,
         read_chip(COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$'), g.geometry, geometry_crs, all_touched) AS '\1'
  FROM query_table(collection) AS c
  JOIN g ON ST_Intersects_Extent(c.geometry, g.__lonlat) AND ST_Intersects(c.geometry, g.__lonlat)
  WHERE (SELECT ok FROM rasterduck_check_collection(collection, bands, 'read_chips'));
