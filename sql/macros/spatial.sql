-- ST_Union_Agg(geom): the union of a column's geometries, as DuckDB spatial's aggregate.
-- @duckdb/node-api 1.5 registers scalars and table functions only, so the aggregate is a
-- macro over DuckDB's list() and the scalar ST_Union_List; macros expand before binding,
-- so it works with and without GROUP BY.
CREATE OR REPLACE MACRO ST_Union_Agg(geom) AS ST_Union_List(list(geom));
