-- cog_footprint(meta): the outline of a COG as a lon/lat polygon, from its cached
-- cog_metadata struct alone (north-up grids: the 4-value transform and the size).
CREATE OR REPLACE MACRO cog_footprint(meta) AS
  ST_Transform(
    ST_MakeEnvelope(meta.transform[2], meta.transform[4] + meta.transform[3] * meta.image_height,
                    meta.transform[2] + meta.transform[1] * meta.image_width, meta.transform[4]),
    'EPSG:' || meta.crs_epsg, 'EPSG:4326', true);
