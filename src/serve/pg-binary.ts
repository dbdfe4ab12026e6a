/**
 * Postgres binary format (each type's send/recv function in PostgreSQL's adt/ sources) for
 * the common scalar types, both ways: results a client asked for in binary (JDBC does for
 * integers, floats, dates and timestamps) and binary parameters it sends. Types without a
 * binary form here are refused by name, so a client can fall back to text.
 */
import { BIGINT, BLOB, BOOLEAN, DOUBLE, DuckDBBlobValue, DuckDBTypeId, INTEGER, type DuckDBType, type DuckDBValue } from '../duckdb.js';
import type { DuckDBDateValue, DuckDBDecimalValue, DuckDBIntervalValue, DuckDBTimeValue, DuckDBTimestampValue, DuckDBUUIDValue } from '@duckdb/node-api';
import { OID, typeNameOf, type GeometryFormat } from './pg-oids.js';

/** Turns one non-NULL value into its binary bytes. */
export type BinaryEncoder = (value: DuckDBValue) => Buffer;

// Postgres counts dates and timestamps from 2000-01-01, DuckDB from 1970-01-01
const PG_EPOCH_DAYS = 10_957;
const PG_EPOCH_MICROS = 946_684_800_000_000n;

function fixed(size: number, write: (b: Buffer, v: DuckDBValue) => void): BinaryEncoder {
  return (v) => {
    const b = Buffer.allocUnsafe(size);
    write(b, v);
    return b;
  };
}

/** The binary encoder for a column of `type`, or undefined when this server has none. */
export function binaryEncoder(type: DuckDBType, geometry: GeometryFormat): BinaryEncoder | undefined {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return fixed(1, (b, v) => b.writeUInt8(v ? 1 : 0));
    case DuckDBTypeId.TINYINT: case DuckDBTypeId.UTINYINT: case DuckDBTypeId.SMALLINT: return fixed(2, (b, v) => b.writeInt16BE(v as number));
    case DuckDBTypeId.USMALLINT: case DuckDBTypeId.INTEGER: return fixed(4, (b, v) => b.writeInt32BE(v as number));
    case DuckDBTypeId.UINTEGER: return fixed(8, (b, v) => b.writeBigInt64BE(BigInt(v as number)));
    case DuckDBTypeId.BIGINT: return fixed(8, (b, v) => b.writeBigInt64BE(v as bigint));
    case DuckDBTypeId.FLOAT: return fixed(4, (b, v) => b.writeFloatBE(v as number));
    case DuckDBTypeId.DOUBLE: return fixed(8, (b, v) => b.writeDoubleBE(v as number));
    case DuckDBTypeId.VARCHAR: case DuckDBTypeId.ENUM: return (v) => Buffer.from(v as string, 'utf8');
    case DuckDBTypeId.BLOB: return (v) => Buffer.from((v as { bytes: Uint8Array }).bytes);
    case DuckDBTypeId.GEOMETRY: return geometry === 'wkb' ? (v) => Buffer.from((v as { bytes: Uint8Array }).bytes) : undefined;
    case DuckDBTypeId.DATE: return fixed(4, (b, v) => b.writeInt32BE((v as DuckDBDateValue).days - PG_EPOCH_DAYS));
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_TZ:
      return fixed(8, (b, v) => b.writeBigInt64BE((v as DuckDBTimestampValue).micros - PG_EPOCH_MICROS));
    case DuckDBTypeId.TIME: return fixed(8, (b, v) => b.writeBigInt64BE((v as DuckDBTimeValue).micros));
    case DuckDBTypeId.INTERVAL: return fixed(16, (b, v) => {
      const i = v as DuckDBIntervalValue;
      b.writeBigInt64BE(i.micros, 0);
      b.writeInt32BE(i.days, 8);
      b.writeInt32BE(i.months, 12);
    });
    case DuckDBTypeId.UUID: return (v) => Buffer.from((v as DuckDBUUIDValue).toString().replace(/-/g, ''), 'hex');
    case DuckDBTypeId.DECIMAL: return (v) => numericBinary((v as DuckDBDecimalValue).toString());
    case DuckDBTypeId.UBIGINT: case DuckDBTypeId.HUGEINT: case DuckDBTypeId.UHUGEINT: return (v) => numericBinary(String(v));
    default: return undefined;
  }
}

/**
 * numeric_send: ndigits, weight, sign, dscale, then base-10000 digits, from a decimal text
 * such as `-12.340`.
 */
export function numericBinary(text: string): Buffer {
  const negative = text.startsWith('-');
  const [intPart, fracPart = ''] = (negative ? text.slice(1) : text).split('.');
  const intDigits = intPart.replace(/^0+/, '');
  // pad the integer part on the left and the fraction on the right to whole base-10000 groups
  const intPadded = intDigits.padStart(Math.ceil(intDigits.length / 4) * 4, '0');
  const fracPadded = fracPart.padEnd(Math.ceil(fracPart.length / 4) * 4, '0');
  const groups: number[] = [];
  for (let i = 0; i < intPadded.length; i += 4) groups.push(Number(intPadded.slice(i, i + 4)));
  for (let i = 0; i < fracPadded.length; i += 4) groups.push(Number(fracPadded.slice(i, i + 4)));
  let weight = intPadded.length / 4 - 1;
  // strip leading and trailing zero groups, as Postgres stores them
  while (groups.length > 0 && groups[0] === 0) { groups.shift(); weight--; }
  while (groups.length > 0 && groups[groups.length - 1] === 0) groups.pop();
  const b = Buffer.alloc(8 + 2 * groups.length);
  b.writeInt16BE(groups.length, 0);
  b.writeInt16BE(groups.length === 0 ? 0 : weight, 2);
  b.writeUInt16BE(negative && groups.length > 0 ? 0x4000 : 0, 4);
  b.writeInt16BE(fracPart.length, 6);
  groups.forEach((g, i) => b.writeInt16BE(g, 8 + 2 * i));
  return b;
}

/** A parameter to bind: text that DuckDB casts to the parameter's type, or a typed value. */
export type BoundParam =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly value: DuckDBValue; readonly type: DuckDBType };

const typed = (value: DuckDBValue, type: DuckDBType): BoundParam => ({ kind: 'value', value, type });
const text = (t: string): BoundParam => ({ kind: 'text', text: t });

/** Decodes a binary parameter of Postgres type `oid`; throws when the type has no binary decoder here. */
export function decodeBinaryParam(oid: number, bytes: Buffer): BoundParam {
  switch (oid) {
    case OID.bool: return typed(bytes.readUInt8(0) !== 0, BOOLEAN);
    case OID.int2: return typed(bytes.readInt16BE(0), INTEGER);
    case OID.int4: return typed(bytes.readInt32BE(0), INTEGER);
    case OID.int8: return typed(bytes.readBigInt64BE(0), BIGINT);
    case OID.float4: return typed(bytes.readFloatBE(0), DOUBLE);
    case OID.float8: return typed(bytes.readDoubleBE(0), DOUBLE);
    // an unspecified type sent in binary is raw bytes (node-postgres sends Buffers so)
    case OID.bytea: case 0: return typed(new DuckDBBlobValue(new Uint8Array(bytes)), BLOB);
    case OID.text: case OID.varchar: case OID.json: return text(bytes.toString('utf8'));
    case OID.date: return text(isoDate(bytes.readInt32BE(0) + PG_EPOCH_DAYS));
    case OID.timestamp: case OID.timestamptz: {
      const micros = bytes.readBigInt64BE(0) + PG_EPOCH_MICROS;
      const iso = new Date(Number(micros / 1000n)).toISOString().replace('T', ' ');
      const sub = String(((micros % 1_000_000n) + 1_000_000n) % 1_000_000n).padStart(6, '0');
      return text(`${iso.slice(0, 19)}.${sub}${oid === OID.timestamptz ? '+00' : ''}`);
    }
    default: throw new Error(`binary parameters of type ${typeNameOf(oid)} are not supported; send this parameter in text format`);
  }
}

function isoDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}
