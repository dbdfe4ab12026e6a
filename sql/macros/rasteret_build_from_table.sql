-- rasteret_build_from_table(tbl, on_error := 'fail'): a collection from a table of scenes
-- the user already has (a table or view name). The table needs
--   id VARCHAR, datetime TIMESTAMPTZ (or text with an offset), geometry GEOMETRY (lon/lat),
--   and one <band>_href VARCHAR column per band (a COG URL or path);
-- other columns (labels, splits, cloud cover...) are kept. Adds bbox, year and month (UTC)
-- and one <band>_metadata struct per <band>_href column, read by cog_metadata: one
-- concurrent wave of header reads per chunk of 2048 rows. on_error: 'fail' stops at the
-- first unreadable header (naming it), 'null' keeps the row with NULL metadata, 'skip'
-- drops rows with any unreadable header.
CREATE OR REPLACE MACRO rasteret_build_from_table(tbl, on_error := 'fail') AS TABLE
  WITH scenes AS (
    SELECT * REPLACE (CAST(datetime AS TIMESTAMPTZ) AS datetime) FROM query_table(tbl)
  ),
  indexed AS (
    SELECT *,
      {'xmin': ST_XMin(geometry), 'ymin': ST_YMin(geometry), 'xmax': ST_XMax(geometry), 'ymax': ST_YMax(geometry)} AS bbox,
      CAST(year(timezone('UTC', datetime)) AS INTEGER) AS year,
      CAST(month(timezone('UTC', datetime)) AS INTEGER) AS month,
      CASE WHEN on_error = 'fail' THEN cog_metadata(COLUMNS('^(.+)_href$')) ELSE TRY(cog_metadata(COLUMNS('^(.+)_href$'))) END AS '\1_metadata'
    FROM scenes
    WHERE CASE WHEN on_error IN ('fail', 'skip', 'null') THEN true
               ELSE error('rasteret_build_from_table: on_error must be ''fail'', ''skip'' or ''null'', got ''' || on_error || '''') END
  )
  SELECT * FROM indexed
  WHERE on_error <> 'skip' OR (COLUMNS('_metadata$') IS NOT NULL);
