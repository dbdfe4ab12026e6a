-- A collection from scenes you already have: id, datetime, geometry and one <band>_href
-- column per band; every other column (labels, quality flags) is kept.
CREATE TABLE my_scenes AS
SELECT * FROM (VALUES
  ('field_2024_05_01', TIMESTAMPTZ '2024-05-01 10:30:00+00', ST_GeomFromText('POLYGON ((11.0 46.0, 11.1 46.0, 11.1 46.1, 11.0 46.1, 11.0 46.0))'),
   's3://my-bucket/2024-05-01/B04.tif', 's3://my-bucket/2024-05-01/B08.tif', 'wheat')
) AS t(id, datetime, geometry, B04_href, B08_href, crop);

CREATE TABLE my_collection AS
SELECT * FROM rasteret_build_from_table('my_scenes', on_error := 'null');
-- columns: id, datetime, geometry, B04_href, B08_href, crop, bbox, year, month, B04_metadata, B08_metadata
