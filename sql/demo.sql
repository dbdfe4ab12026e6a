-- The demo's SQL, run by `npm run demo` over COGs served from a local HTTP server.
-- demo_files(scene, datetime, band, href) is created by the demo before this runs.

-- 1. Index every COG: one header request per file, all files in one concurrent wave.
CREATE TABLE demo_index AS
SELECT scene, datetime, band, href, cog_metadata(href) AS meta FROM demo_files;

SELECT scene, band, meta.image_width AS width, meta.image_height AS height,
       meta.tile_width AS tile, meta.dtype, meta.compression, meta.predictor,
       meta.crs_epsg AS epsg, len(meta.tile_offsets) AS tiles, meta.nodata
FROM demo_index ORDER BY scene, band;

-- 2. How many requests that took: the index is the dataset, so later reads need no header.
SELECT scheme, requests, bytes FROM rasterduck_io_stats() WHERE scheme = 'total';

-- 3. Each scene's footprint in lon/lat, from the cached transform alone.
SELECT scene,
       ST_AsText(ST_Transform(ST_MakeEnvelope(meta.transform[2], meta.transform[4] + meta.transform[3] * meta.image_height,
                                              meta.transform[2] + meta.transform[1] * meta.image_width, meta.transform[4]),
                              'EPSG:32633', 'EPSG:4326', true)) AS footprint_lonlat
FROM demo_index WHERE band = 'red' ORDER BY scene;
