/**
 * @duckdb/node-api, loaded with require() rather than an ESM import. It is CommonJS, and
 * an ESM import of it makes Node parse each of the ~100 files its index re-exports with
 * cjs-module-lexer to find the named exports: ~100 ms of every process start, measured on
 * Node 20 (`import` 0.26-0.39 s vs `require` 0.15-0.19 s). Every module takes DuckDB's
 * values from here; type-only imports may name the package directly (they are erased).
 */
import { createRequire } from 'node:module';

type Api = typeof import('@duckdb/node-api');
const api = createRequire(import.meta.url)('@duckdb/node-api') as Api;

export type * from '@duckdb/node-api';
export const {
  ANY, BIGINT, BLOB, BOOLEAN, DOUBLE, GEOMETRY, INTEGER, LIST, STRUCT, VARCHAR,
  DuckDBArrayValue, DuckDBBlobValue, DuckDBConnection, DuckDBDecimalValue, DuckDBGeometryValue,
  DuckDBInstance, DuckDBListValue, DuckDBMapValue, DuckDBScalarFunction, DuckDBStructValue,
  DuckDBStructVector, DuckDBTableFunction, DuckDBTimestampTZValue, DuckDBTimestampValue,
  DuckDBTypeId, DuckDBVarCharType, JSDuckDBValueConverter, ResultReturnType, jsToDuckDBValue,
} = api;

// the classes and enums above, also as types (a const alone would shadow the type of the same name)
export type DuckDBArrayValue = import('@duckdb/node-api').DuckDBArrayValue;
export type DuckDBBlobValue = import('@duckdb/node-api').DuckDBBlobValue;
export type DuckDBConnection = import('@duckdb/node-api').DuckDBConnection;
export type DuckDBDecimalValue = import('@duckdb/node-api').DuckDBDecimalValue;
export type DuckDBGeometryValue = import('@duckdb/node-api').DuckDBGeometryValue;
export type DuckDBInstance = import('@duckdb/node-api').DuckDBInstance;
export type DuckDBListValue = import('@duckdb/node-api').DuckDBListValue;
export type DuckDBMapValue = import('@duckdb/node-api').DuckDBMapValue;
export type DuckDBScalarFunction = import('@duckdb/node-api').DuckDBScalarFunction;
export type DuckDBStructValue = import('@duckdb/node-api').DuckDBStructValue;
export type DuckDBStructVector = import('@duckdb/node-api').DuckDBStructVector;
export type DuckDBTableFunction = import('@duckdb/node-api').DuckDBTableFunction;
export type DuckDBTimestampTZValue = import('@duckdb/node-api').DuckDBTimestampTZValue;
export type DuckDBTimestampValue = import('@duckdb/node-api').DuckDBTimestampValue;
export type DuckDBVarCharType = import('@duckdb/node-api').DuckDBVarCharType;
export type DuckDBTypeId = import('@duckdb/node-api').DuckDBTypeId;
export type ResultReturnType = import('@duckdb/node-api').ResultReturnType;
