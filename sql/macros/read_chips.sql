-- read_chips: chips of a collection under a table of geometries (matching and checks:
-- rasterduck_check.sql).

-- read_chips(collection, geometries, bands := [...]): one row per (geometry, scene) whose
-- raster the geometry overlaps, the geometry table's columns (labels) carried through, and
-- one chip column per band, named after the band. `collection` and `geometries` are table or
-- view names: filter a collection (dates, cloud cover) in a view, then pass the view.
-- The geometry table's `geometry` column is in geometry_crs (lon/lat by default); chips
-- are read in each scene's own CRS from its cached {band}_metadata (no header request).
CREATE OR REPLACE MACRO read_chips(collection, geometries, bands := ['red'], geometry_crs := 'EPSG:4326', all_touched := false) AS TABLE
  SELECT COLUMNS(k -> NOT regexp_matches(k, '^(' || array_to_string(bands, '|') || ')_metadata$')),
         read_chip(COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$'), geometry, geometry_crs, all_touched) AS '\1'
  FROM rasterduck_match_scenes(collection, geometries, bands, geometry_crs, 'read_chips');
