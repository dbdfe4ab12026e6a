/** rasteret_geoparquet: writing and reading collections as GeoParquet 1.1, macros (sql/macros/rasteret_geoparquet.sql). */
import { macro, type FunctionDef } from './define.js';

export const RASTERET_GEOPARQUET_FUNCTIONS: readonly FunctionDef[] = [
  macro({
    name: 'rasteret_wkb_type', kind: 'macro', file: 'rasteret_geoparquet', internal: true,
    summary: "GeoParquet's name for the type of one little-endian ISO WKB geometry ('Polygon', 'MultiPolygon Z'...); the geo metadata macros call it.",
    params: [{ name: 'wkb', type: 'BLOB' }],
    returns: 'VARCHAR',
    example: { sql: "SELECT rasteret_wkb_type(ST_AsWKB('POLYGON ((0 0, 1 0, 1 1, 0 0))'::GEOMETRY))", expect: 'Polygon' },
  }),
  macro({
    name: 'rasteret_geo_metadata', kind: 'aggregate', file: 'rasteret_geoparquet',
    summary: "The GeoParquet 1.1 `geo` file metadata (JSON text) of a collection: version, primary column, WKB encoding, geometry types, bbox and the bbox struct column as covering. Write it with COPY ... (FORMAT parquet, GEOPARQUET_VERSION 'NONE', KV_METADATA {geo: getvariable('geo')}) after SET VARIABLE geo = (SELECT rasteret_geo_metadata(geometry, bbox) FROM scenes); see sql/examples/export_collection.sql.",
    params: [{ name: 'geom', type: 'GEOMETRY' }, { name: 'box', type: 'STRUCT(xmin, ymin, xmax, ymax)' }],
    returns: 'VARCHAR (JSON)',
    example: {
      sql: "SELECT json_extract(rasteret_geo_metadata(geometry, bbox), ['$.version', '$.columns.geometry.geometry_types', '$.columns.geometry.covering.bbox.xmin'])::VARCHAR[] FROM scenes",
      expect: ['"1.1.0"', '["Polygon"]', '["bbox","xmin"]'],
    },
  }),
  macro({
    name: 'geoparquet_metadata', kind: 'aggregate', file: 'rasteret_geoparquet',
    summary: "The GeoParquet 1.1 `geo` file metadata (JSON text) of any table whose primary column is a lon/lat GEOMETRY named geometry (vectorize's output, footprints), for COPY ... KV_METADATA {geo: ...} as rasteret_geo_metadata; DuckDB's own COPY writes GeoParquet 1.0.",
    params: [{ name: 'geom', type: 'GEOMETRY' }],
    returns: 'VARCHAR (JSON)',
    example: { sql: "SELECT json_extract(geoparquet_metadata(geometry), '$.columns.geometry.geometry_types')::VARCHAR FROM fields", expect: '["Polygon"]' },
  }),
  macro({
    name: 'rasteret_export', kind: 'table macro', file: 'rasteret_geoparquet',
    summary: "A collection table as GeoParquet stores it: every column, geometry as WKB bytes; COPY (FROM rasteret_export('scenes')) TO 'scenes' (FORMAT parquet, PARTITION_BY (year, month), ...).",
    params: [{ name: 'tbl', type: 'VARCHAR' }],
    returns: 'TABLE(<tbl columns>, geometry BLOB)',
    example: { sql: "SELECT DISTINCT typeof(geometry) FROM rasteret_export('scenes')", expect: 'BLOB' },
  }),
  macro({
    name: 'rasteret_load', kind: 'table macro', file: 'rasteret_geoparquet',
    summary: 'A collection written by writeCollection or the export recipe: one Parquet file or a directory of year=/month= partitions, with geometry back as GEOMETRY and year and month as INTEGER.',
    params: [{ name: 'path', type: 'VARCHAR' }],
    returns: 'TABLE(<collection columns>)',
    example: { sql: "SELECT list(id ORDER BY id)[1:2] || [typeof(any_value(geometry))] FROM rasteret_load('scenes.parquet')", expect: ['S2_33UVU_20240510', 'S2_33UVU_20240724', 'GEOMETRY'] },
  }),
];
