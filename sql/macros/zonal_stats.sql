-- rasterduck_zonal_structure(expression, stats): the from_json structure of zonal_stats_rows'
-- JSON: a band name when there is no expression, then one DOUBLE per statistic named as
-- asked, except histogram, a LIST of STRUCT(value DOUBLE, count BIGINT).
CREATE OR REPLACE MACRO rasterduck_zonal_structure(expression, stats) AS
  '[{' || CASE WHEN expression IS NULL THEN '"band":"VARCHAR"' || CASE WHEN len(stats) > 0 THEN ',' ELSE '' END ELSE '' END
  || array_to_string(list_transform(stats, s -> to_json(s) || ':'
       || CASE WHEN lower(s) = 'histogram' THEN '[{"value":"DOUBLE","count":"BIGINT"}]' ELSE '"DOUBLE"' END), ',')
  || '}]';

-- zonal_stats(collection, geometries, bands := [...], expression := '(nir - red) / (nir + red)',
-- stats := ['mean', ...], geometry_crs := 'EPSG:4326', all_touched := false): statistics of
-- the pixels under each geometry for each scene it meets (matched as read_chips matches),
-- computed in the I/O worker beside the reads, so no pixel becomes a DuckDB value. One row
-- per (geometry, scene) with an expression, else one per band with a `band` column; the
-- geometry table's columns, scene_id, scene_datetime, then one column per statistic, named
-- as asked. Valid pixels are read_chip's (inside the geometry, not nodata, not masked; NaN
-- left out, as rasterstats does); an expression's pixel is valid when every band it reads
-- is valid and its value is finite. See docs/functions.md (zonal_stats_rows) for the stats.
CREATE OR REPLACE MACRO zonal_stats(collection, geometries, bands := ['red'], expression := NULL,
    stats := ['count', 'min', 'max', 'mean'], geometry_crs := 'EPSG:4326', all_touched := false) AS TABLE
  WITH z AS (
    SELECT COLUMNS(k -> NOT regexp_matches(k, '^(' || array_to_string(bands, '|') || ')_metadata$')),
           unnest(from_json(zonal_stats_rows(struct_pack(*COLUMNS('^(' || array_to_string(bands, '|') || ')_metadata$')), geometry,
                    geometry_crs, all_touched, coalesce(expression, ''), bands, stats),
                  rasterduck_zonal_structure(expression, stats))) AS __zone
    FROM rasterduck_match_scenes(collection, geometries, bands, geometry_crs, 'zonal_stats'))
  SELECT * EXCLUDE (__zone), unnest(__zone) FROM z;
