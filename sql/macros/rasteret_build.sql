-- rasteret_build(source, ...): a collection, one row per STAC item, with one
-- {band}_metadata struct per band. A macro over rasteret_build_json so that `query` and
-- `filter` can be DuckDB structs ({'eo:cloud_cover': {'lt': 20}}) or JSON text, and so
-- that datetime is a microsecond-exact TIMESTAMPTZ. Arguments: see docs/functions.md.
CREATE OR REPLACE MACRO rasteret_build(source, collection := NULL, collections := NULL, stac_api := NULL,
    bbox := NULL, intersects := NULL, date_range := NULL, query := NULL, filter := NULL, ids := NULL,
    max_items := NULL, sortby := NULL, page_size := NULL, bands := NULL, on_error := NULL) AS TABLE
  SELECT * REPLACE (CAST(datetime AS TIMESTAMPTZ) AS datetime)
  FROM rasteret_build_json(source, collection := collection, collections := collections, stac_api := stac_api,
    bbox := bbox, intersects := intersects, date_range := date_range,
    query := CAST(to_json(query) AS VARCHAR), filter := CAST(to_json(filter) AS VARCHAR), ids := ids,
    max_items := max_items, sortby := sortby, page_size := page_size, bands := bands, on_error := on_error);
