-- rasterduck_check: internal checks shared by read_chips and sample_points, so their
-- commonest mistakes fail with a message naming the fix instead of returning zero rows or
-- dropping a band.
--
-- rasterduck_check_collection(collection, bands, fn): one row, ok = true, when every band
-- has a <band>_metadata column and every scene's first band has metadata (scenes are
-- matched on that raster); else an error naming the
-- collection and what to do. The columns are read from the first row (an empty collection
-- matches nothing, honestly).
CREATE OR REPLACE MACRO rasterduck_check_collection(collection, bands, fn) AS TABLE
  WITH c AS (SELECT * FROM query_table(collection)),
  s AS (SELECT first(struct_keys(c)) AS cols, count(*) AS n,
               count(*) FILTER (WHERE struct_extract(c, bands[1] || '_metadata') IS NULL) AS n_null FROM c),
  m AS (SELECT *, list_filter(bands, b -> NOT list_contains(cols, b || '_metadata')) AS missing,
               list_transform(list_filter(cols, k -> ends_with(k, '_metadata')), k -> regexp_replace(k, '_metadata$', '')) AS have FROM s)
  SELECT CASE
    WHEN len(missing) > 0 THEN error(fn || ': the collection ''' || collection || ''' has no ' || missing[1] || '_metadata column for band '''
      || missing[1] || '''; its bands are: ' || coalesce(NULLIF(array_to_string(have, ', '), ''), 'none (no <band>_metadata column)')
      || '. Pass bands := [...] from those, or add the column: cog_metadata(<href>) AS ' || missing[1] || '_metadata')
    WHEN n_null > 0 THEN error(fn || ': the collection ''' || collection || ''' has a NULL ' || bands[1] || '_metadata in ' || n_null || ' of ' || n
      || ' rows (scenes are matched on the first band''s raster), so those scenes would match no geometry. Fill it: UPDATE ' || collection
      || ' SET ' || bands[1] || '_metadata = cog_metadata(<href>) WHERE ' || bands[1] || '_metadata IS NULL, or leave those rows out in a view')
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
-- collection's <band>_metadata columns for `bands`, after the checks above. Scenes are
-- matched on the raster of the first band, exactly, in its own CRS (cog_intersects), after
-- a lon/lat prefilter on cog_footprint, which covers every pixel. The collection's geometry
-- column is not used: a STAC item's geometry can stop short of the raster's edges, and four
-- reprojected corners cut inside its curved edges. Rows come in geometry order, then by
-- date: a DuckDB chunk then holds rows of many scenes, which the I/O workers share by file
-- (unordered, the join gave one chunk per scene, read by one worker while the others idled).
CREATE OR REPLACE MACRO rasterduck_match_scenes(collection, geometries, bands, geometry_crs, fn) AS TABLE
  WITH g AS (SELECT *, ST_Transform(rasterduck_check_lonlat(geometry, geometry_crs, geometries, fn), geometry_crs, 'EPSG:4326', true) AS __lonlat,
                    row_number() OVER () AS __row
             FROM query_table(geometries)),
       s AS (SELECT *, COLUMNS('^(' || bands[1] || ')_metadata$') AS __scene FROM query_table(collection)),
       -- the grid alone, once per scene: cog_intersects converts its struct on every (geometry, scene) pair
       t AS (SELECT *, rasterduck_grid(__scene) AS __grid FROM s),
       c AS (SELECT *, cog_footprint(__grid) AS __cover FROM t)
  SELECT g.* EXCLUDE (__lonlat, __row), c.id AS scene_id, c.datetime AS scene_datetime,
         COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$')
  FROM c
  JOIN g ON ST_Intersects_Extent(c.__cover, g.__lonlat) AND cog_intersects(c.__grid, g.geometry, geometry_crs)
  WHERE (SELECT ok FROM rasterduck_check_collection(collection, bands, fn))
  ORDER BY g.__row, c.datetime;
