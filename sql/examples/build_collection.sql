-- Build a Sentinel-2 collection over Boulder, Colorado, spring 2024, from Earth Search:
-- one row per scene, its STAC properties, and the COG header of each band
-- (B04_metadata, B08_metadata) so later reads need no header request.
CREATE TABLE boulder AS
SELECT *
FROM rasteret_build('earthsearch/sentinel-2-l2a',
                    bbox := [-105.35, 39.95, -105.15, 40.10],
                    date_range := ['2024-04-01', '2024-06-30'],
                    query := {'eo:cloud_cover': {'lt': 30}},
                    bands := ['B04', 'B08', 'SCL']);

SELECT id, datetime, "eo:cloud_cover", "grid:code", B04_metadata.tile_width
FROM boulder ORDER BY datetime;

-- The same from any STAC API: band names are then the items' asset keys.
SELECT id, datetime, red_metadata.image_width
FROM rasteret_build('https://earth-search.aws.element84.com/v1', collection := 'sentinel-2-l2a',
                    intersects := ST_GeomFromText('POLYGON ((-105.3 40.0, -105.2 40.0, -105.25 40.1, -105.3 40.0))'),
                    date_range := ['2024-05-01', '2024-05-31'], max_items := 20,
                    bands := ['red', 'nir'], on_error := 'skip');

-- Static STAC: a catalog.json (child and item links walked), an ItemCollection,
-- newline-delimited items or a stac-geoparquet file; filters are applied locally.
SELECT id, red_metadata.dtype FROM rasteret_build('scenes/catalog.json', bbox := [11.0, 46.0, 12.0, 47.0], bands := ['red']);
SELECT id FROM rasteret_build('items.ndjson', sortby := 'eo:cloud_cover', max_items := 10);

-- Which datasets have a name, and their band names.
SELECT id, access, list_transform(bands, b -> b.band) AS band_names FROM rasteret_catalog();
