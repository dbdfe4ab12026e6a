/**
 * The Postgres type each DuckDB type is sent as (OIDs from PostgreSQL's pg_type.dat), so
 * clients decode with their own parsers: psycopg2 and node-postgres pick a parser by OID.
 */
import { DuckDBTypeId, type DuckDBType } from '../duckdb.js';

/** PostgreSQL type OIDs used on the wire. */
export const OID = {
  bool: 16, bytea: 17, int8: 20, int2: 21, int4: 23, text: 25, json: 114, float4: 700, float8: 701,
  varchar: 1043, date: 1082, time: 1083, timestamp: 1114, timestamptz: 1184, interval: 1186,
  timetz: 1266, bit: 1560, numeric: 1700, uuid: 2950,
} as const;

// element OID -> array OID (pg_type.dat's typarray)
const ARRAY_OF: Readonly<Record<number, number>> = {
  16: 1000, 17: 1001, 20: 1016, 21: 1005, 23: 1007, 25: 1009, 114: 199, 700: 1021, 701: 1022,
  1043: 1015, 1082: 1182, 1083: 1183, 1114: 1115, 1184: 1185, 1186: 1187, 1266: 1270, 1560: 1561,
  1700: 1231, 2950: 2951,
};

const ARRAY_OIDS = new Set(Object.values(ARRAY_OF));

/** How GEOMETRY values go out: WKB as bytea (the default, what PostGIS binary cursors give) or EWKT text. */
export type GeometryFormat = 'wkb' | 'ewkt';

/** The OID a column of `type` is described with. */
export function oidOf(type: DuckDBType, geometry: GeometryFormat): number {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return OID.bool;
    case DuckDBTypeId.TINYINT: case DuckDBTypeId.UTINYINT: case DuckDBTypeId.SMALLINT: return OID.int2;
    case DuckDBTypeId.USMALLINT: case DuckDBTypeId.INTEGER: return OID.int4;
    case DuckDBTypeId.UINTEGER: case DuckDBTypeId.BIGINT: return OID.int8;
    // beyond int8's range: numeric holds every value exactly
    case DuckDBTypeId.UBIGINT: case DuckDBTypeId.HUGEINT: case DuckDBTypeId.UHUGEINT: case DuckDBTypeId.BIGNUM:
    case DuckDBTypeId.DECIMAL: return OID.numeric;
    case DuckDBTypeId.FLOAT: return OID.float4;
    case DuckDBTypeId.DOUBLE: return OID.float8;
    case DuckDBTypeId.VARCHAR: case DuckDBTypeId.ENUM: return OID.text;
    case DuckDBTypeId.BLOB: return OID.bytea;
    case DuckDBTypeId.GEOMETRY: return geometry === 'wkb' ? OID.bytea : OID.text;
    case DuckDBTypeId.DATE: return OID.date;
    case DuckDBTypeId.TIME: case DuckDBTypeId.TIME_NS: return OID.time;
    case DuckDBTypeId.TIME_TZ: return OID.timetz;
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_S: case DuckDBTypeId.TIMESTAMP_MS: case DuckDBTypeId.TIMESTAMP_NS: return OID.timestamp;
    case DuckDBTypeId.TIMESTAMP_TZ: return OID.timestamptz;
    case DuckDBTypeId.INTERVAL: return OID.interval;
    case DuckDBTypeId.UUID: return OID.uuid;
    case DuckDBTypeId.BIT: return OID.bit;
    case DuckDBTypeId.LIST: case DuckDBTypeId.ARRAY: {
      const element = elementType(type);
      const inner = element ? oidOf(element, geometry) : OID.text;
      // a list of lists is still one Postgres array type (arrays are multi-dimensional there)
      return ARRAY_OIDS.has(inner) ? inner : ARRAY_OF[inner] ?? ARRAY_OF[OID.text];
    }
    case DuckDBTypeId.STRUCT: case DuckDBTypeId.MAP: case DuckDBTypeId.UNION: case DuckDBTypeId.VARIANT: return OID.json;
    default: return OID.text;
  }
}

/** The element type of a LIST or ARRAY type. */
export function elementType(type: DuckDBType): DuckDBType | undefined {
  const t = type as { valueType?: DuckDBType };
  return t.valueType;
}

/** A Postgres type name for an OID, for error messages. */
export function typeNameOf(oid: number): string {
  const name = Object.entries(OID).find(([, v]) => v === oid)?.[0];
  return name ?? (Object.entries(ARRAY_OF).find(([, v]) => v === oid) ? 'array' : `oid ${oid}`);
}
