/**
 * Converts DuckDB results to apache-arrow RecordBatches. @duckdb/node-api does not
 * expose DuckDB's Arrow export, so each chunk goes through JS values once; nested types
 * (LIST, STRUCT) map one to one, GEOMETRY leaves as WKB Binary (GeoArrow's WKB encoding).
 */
import * as arrow from 'apache-arrow';
import {
  DuckDBTypeId,
  JSDuckDBValueConverter,
  type DuckDBDataChunk,
  type DuckDBResult,
  type DuckDBType,
  type DuckDBListType,
  type DuckDBStructType,
  type DuckDBArrayType,
} from '../duckdb.js';

const SIMPLE: Partial<Record<DuckDBTypeId, () => arrow.DataType>> = {
  [DuckDBTypeId.BOOLEAN]: () => new arrow.Bool(),
  [DuckDBTypeId.TINYINT]: () => new arrow.Int8(),
  [DuckDBTypeId.SMALLINT]: () => new arrow.Int16(),
  [DuckDBTypeId.INTEGER]: () => new arrow.Int32(),
  [DuckDBTypeId.BIGINT]: () => new arrow.Int64(),
  [DuckDBTypeId.UTINYINT]: () => new arrow.Uint8(),
  [DuckDBTypeId.USMALLINT]: () => new arrow.Uint16(),
  [DuckDBTypeId.UINTEGER]: () => new arrow.Uint32(),
  [DuckDBTypeId.UBIGINT]: () => new arrow.Uint64(),
  [DuckDBTypeId.FLOAT]: () => new arrow.Float32(),
  [DuckDBTypeId.DOUBLE]: () => new arrow.Float64(),
  [DuckDBTypeId.DECIMAL]: () => new arrow.Float64(),
  [DuckDBTypeId.VARCHAR]: () => new arrow.Utf8(),
  [DuckDBTypeId.ENUM]: () => new arrow.Utf8(),
  [DuckDBTypeId.UUID]: () => new arrow.Utf8(),
  [DuckDBTypeId.BLOB]: () => new arrow.Binary(),
  [DuckDBTypeId.GEOMETRY]: () => new arrow.Binary(),
  [DuckDBTypeId.DATE]: () => new arrow.DateDay(),
  [DuckDBTypeId.TIMESTAMP]: () => new arrow.TimestampMillisecond(),
  [DuckDBTypeId.TIMESTAMP_MS]: () => new arrow.TimestampMillisecond(),
  [DuckDBTypeId.TIMESTAMP_S]: () => new arrow.TimestampMillisecond(),
  [DuckDBTypeId.TIMESTAMP_NS]: () => new arrow.TimestampMillisecond(),
  [DuckDBTypeId.TIMESTAMP_TZ]: () => new arrow.TimestampMillisecond('UTC'),
};

/** The Arrow type for a DuckDB type; types Arrow lacks here travel as their text. */
export function arrowTypeOf(type: DuckDBType): arrow.DataType {
  const simple = SIMPLE[type.typeId];
  if (simple) return simple();
  if (type.typeId === DuckDBTypeId.LIST || type.typeId === DuckDBTypeId.ARRAY) {
    const child = (type as DuckDBListType | DuckDBArrayType).valueType;
    return new arrow.List(new arrow.Field('item', arrowTypeOf(child), true));
  }
  if (type.typeId === DuckDBTypeId.STRUCT) {
    const struct = type as DuckDBStructType;
    return new arrow.Struct(struct.entryNames.map((n, i) => new arrow.Field(n, arrowTypeOf(struct.entryTypes[i]), true)));
  }
  return new arrow.Utf8();
}

/** The Arrow schema of a DuckDB result. */
export function arrowSchemaOf(result: DuckDBResult): arrow.Schema {
  const names = result.columnNames();
  const types = result.columnTypes();
  return new arrow.Schema(names.map((n, i) => new arrow.Field(n, arrowTypeOf(types[i]), true)));
}

/** Makes values Arrow's builders accept: text for the types carried as Utf8. */
function normalise(value: unknown, type: arrow.DataType): unknown {
  if (value === null || value === undefined) return null;
  if (arrow.DataType.isUtf8(type) && typeof value !== 'string') return String(value);
  if (arrow.DataType.isList(type) && Array.isArray(value)) return value.map((v) => normalise(v, type.children[0].type));
  if (arrow.DataType.isStruct(type)) {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(type.children.map((f) => [f.name, normalise(obj[f.name], f.type)]));
  }
  return value;
}

/** One DuckDB chunk as one RecordBatch of the given schema. */
export function chunkToRecordBatch(chunk: DuckDBDataChunk, schema: arrow.Schema): arrow.RecordBatch {
  const columns = chunk.convertColumns(JSDuckDBValueConverter);
  const children = schema.fields.map((field, i) => {
    const values = columns[i].map((v) => normalise(v, field.type));
    return arrow.vectorFromArray(values, field.type).data[0];
  });
  const data = arrow.makeData({ type: new arrow.Struct(schema.fields), length: chunk.rowCount, nullCount: 0, children });
  return new arrow.RecordBatch(schema, data);
}
