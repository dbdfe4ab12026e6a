-- Checks shared by read_chips and sample_points, so their commonest mistakes fail with a
-- message naming the fix instead of returning zero rows or dropping a band.
--
-- rasterduck_check_collection(collection, bands, fn): one row, ok = true, when every band
-- has a <band>_metadata column and every scene has a footprint; else an error naming the
-- collection and what to do. The columns are read from the first row (an empty collection
-- matches nothing, honestly).
CREATE OR REPLACE MACRO rasterduck_check_collection(collection, bands, fn) AS TABLE
  WITH c AS (SELECT * FROM query_table(collection)),
  s AS (SELECT first(struct_keys(c)) AS cols, count(*) AS n, count(*) FILTER (WHERE c.geometry IS NULL) AS n_null FROM c),
  m AS (SELECT *, list_filter(bands, b -> NOT list_contains(cols, b || '_metadata')) AS missing,
               list_transform(list_filter(cols, k -> ends_with(k, '_metadata')), k -> regexp_replace(k, '_metadata$', '')) AS have FROM s)
  SELECT CASE
    WHEN len(missing) > 0 THEN error(fn || ': the collection ''' || collection || ''' has no ' || missing[1] || '_metadata column for band '''
      || missing[1] || '''; its bands are: ' || coalesce(NULLIF(array_to_string(have, ', '), ''), 'none (no <band>_metadata column)')
      || '. Pass bands := [...] from those, or add the column: cog_metadata(<href>) AS ' || missing[1] || '_metadata')
    WHEN n_null > 0 THEN error(fn || ': the collection ''' || collection || ''' has a NULL geometry in ' || n_null || ' of ' || n
      || ' rows, so those scenes match no geometry. Fill the footprints from the metadata: UPDATE ' || collection
      || ' SET geometry = cog_footprint(' || coalesce(have[1], 'red') || '_metadata) WHERE geometry IS NULL')
    ELSE true END AS ok
  FROM m;

-- rasterduck_check_lonlat(geometry, geometry_crs, tbl, fn): the geometry, or an error when
-- geometry_crs says lon/lat (the default) and the geometry has coordinates no lon/lat can
-- have (a label table in UTM metres): it would be reprojected from degrees to nowhere.
CREATE OR REPLACE MACRO rasterduck_check_lonlat(geometry, geometry_crs, tbl, fn) AS
  CASE WHEN upper(geometry_crs) IN ('EPSG:4326', 'OGC:CRS84', 'CRS84', 'WGS84')
            AND (ST_XMin(geometry) < -180 OR ST_XMax(geometry) > 180 OR ST_YMin(geometry) < -90 OR ST_YMax(geometry) > 90)
       THEN error(fn || ': the geometry column of ''' || tbl || ''' has a geometry with bounds (' || ST_XMin(geometry) || ', '
         || ST_YMin(geometry) || ', ' || ST_XMax(geometry) || ', ' || ST_YMax(geometry) || '), which are not lon/lat degrees, but geometry_crs is '''
         || geometry_crs || '''. Pass the table''s CRS, e.g. geometry_crs := ''EPSG:32633'' for UTM zone 33N metres')
       ELSE geometry END;

-- rasterduck_match_scenes(collection, geometries, bands, geometry_crs, fn): the (geometry,
-- scene) pairs read_chips, sample_points and zonal_stats read, in one place so the three
-- match scenes the same way: the geometry table's columns, scene_id, scene_datetime and the
-- collection's <band>_metadata columns for `bands`. Checked first as their callers document.
CREATE OR REPLACE MACRO rasterduck_match_scenes(collection, geometries, bands, geometry_crs, fn) AS TABLE
  WITH g AS (SELECT *, ST_Transform(rasterduck_check_lonlat(geometry, geometry_crs, geometries, fn), geometry_crs, 'EPSG:4326', true) AS __lonlat
             FROM query_table(geometries))
  SELECT g.* EXCLUDE (__lonlat), c.id AS scene_id, c.datetime AS scene_datetime,
         COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$')
  FROM query_table(collection) AS c
  JOIN g ON ST_Intersects_Extent(c.geometry, g.__lonlat) AND ST_Intersects(c.geometry, g.__lonlat)
  WHERE (SELECT ok FROM rasterduck_check_collection(collection, bands, fn));

-- read_chips(collection, geometries, bands := [...]): one row per (geometry, scene) whose
-- footprints intersect, the geometry table's columns (labels) carried through, and one
-- chip column per band, named after the band. `collection` and `geometries` are table or
-- view names: filter a collection (dates, cloud cover) in a view, then pass the view.
-- The geometry table's `geometry` column is in geometry_crs (lon/lat by default); chips
-- are read in each scene's own CRS from its cached {band}_metadata (no header request).
-- A band without a {band}_metadata column, a scene without a footprint (NULL geometry)
-- and geometries that are not degrees under the default geometry_crs are errors.
CREATE OR REPLACE MACRO read_chips(collection, geometries, bands := ['red'], geometry_crs := 'EPSG:4326', all_touched := false) AS TABLE
  SELECT COLUMNS(k -> NOT regexp_matches(k, '^(' || array_to_string(bands, '|') || ')_metadata$')),
         read_chip(COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$'), geometry, geometry_crs, all_touched) AS '\1'
  FROM rasterduck_match_scenes(collection, geometries, bands, geometry_crs, 'read_chips');

-- sample_points(collection, points, bands := [...]): the pixel values under each point for
-- each scene whose footprint holds it (rasterio's sample()), one DOUBLE[] column per band.
-- Checked as read_chips is.
CREATE OR REPLACE MACRO sample_points(collection, points, bands := ['red'], geometry_crs := 'EPSG:4326') AS TABLE
  SELECT COLUMNS(k -> NOT regexp_matches(k, '^(' || array_to_string(bands, '|') || ')_metadata$')),
         sample_point(COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$'), geometry, geometry_crs) AS '\1'
  FROM rasterduck_match_scenes(collection, points, bands, geometry_crs, 'sample_points');
