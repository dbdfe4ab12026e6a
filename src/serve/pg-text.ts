/**
 * DuckDB values as Postgres text output, the format every client can parse: `t`/`f`,
 * `\x`-hex bytea, `{...}` array literals, Postgres-style intervals, and JSON for structs,
 * maps and unions (a BLOB inside JSON, such as a chip's `data`, is a `\x`-hex string).
 * One encoder per column is built from its type, then called per value.
 */
import { DuckDBTypeId, type DuckDBType, type DuckDBValue } from '../duckdb.js';
import type { DuckDBIntervalValue, DuckDBListValue, DuckDBMapValue, DuckDBStructValue, DuckDBUnionValue } from '@duckdb/node-api';
import { parseWkb } from '../geo/wkb.js';
import { toWkt } from '../geo/wkt.js';
import { elementType, type GeometryFormat } from './pg-oids.js';

/** Turns one non-NULL value of a known type into its Postgres text form. */
export type TextEncoder = (value: DuckDBValue) => string;

/** The text encoder for a column of `type`. */
export function textEncoder(type: DuckDBType, geometry: GeometryFormat): TextEncoder {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return (v) => (v ? 't' : 'f');
    case DuckDBTypeId.FLOAT: return (v) => float4Text(v as number);
    case DuckDBTypeId.DOUBLE: return (v) => String(v);
    case DuckDBTypeId.VARCHAR: case DuckDBTypeId.ENUM: return (v) => v as string;
    case DuckDBTypeId.BLOB: return (v) => byteaHex((v as { bytes: Uint8Array }).bytes);
    case DuckDBTypeId.GEOMETRY: return geometry === 'wkb' ? (v) => byteaHex((v as { bytes: Uint8Array }).bytes) : ewktEncoder(type);
    case DuckDBTypeId.INTERVAL: return (v) => intervalText(v as DuckDBIntervalValue);
    case DuckDBTypeId.LIST: case DuckDBTypeId.ARRAY: return arrayEncoder(type, geometry);
    case DuckDBTypeId.STRUCT: case DuckDBTypeId.MAP: case DuckDBTypeId.UNION: case DuckDBTypeId.VARIANT:
      return (v) => JSON.stringify(jsonOf(v));
    // numbers, bigints, decimals, dates, timestamps (ISO, UTC for timestamptz), times, uuids print as Postgres does
    default: return (v) => String(v);
  }
}

/** Shortest text that reads back as the same float4 (what Postgres 12+ prints). */
function float4Text(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (let digits = 1; digits < 17; digits++) {
    const text = v.toPrecision(digits);
    if (Math.fround(Number(text)) === v) return String(Number(text));
  }
  return String(v);
}

/** bytea's hex output: `\x` then two hex digits a byte. */
export function byteaHex(bytes: Uint8Array): string {
  return '\\x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function ewktEncoder(type: DuckDBType): TextEncoder {
  // GEOMETRY('EPSG:4326') carries its CRS in the type: EWKT's SRID prefix
  const srid = /EPSG:(\d+)/i.exec(type.toString())?.[1];
  const prefix = srid ? `SRID=${srid};` : '';
  return (v) => prefix + toWkt(parseWkb((v as { bytes: Uint8Array }).bytes));
}

/** Postgres' default IntervalStyle (`postgres`): `1 year 2 mons 3 days 04:05:06.5`. */
export function intervalText(v: DuckDBIntervalValue): string {
  const parts: string[] = [];
  const years = Math.trunc(v.months / 12);
  const months = v.months % 12;
  if (years) parts.push(`${years} year${Math.abs(years) === 1 ? '' : 's'}`);
  if (months) parts.push(`${months} mon${Math.abs(months) === 1 ? '' : 's'}`);
  if (v.days) parts.push(`${v.days} day${Math.abs(v.days) === 1 ? '' : 's'}`);
  const micros = v.micros;
  if (micros !== 0n || parts.length === 0) {
    const negative = micros < 0n;
    const abs = negative ? -micros : micros;
    const seconds = abs / 1_000_000n;
    const fraction = abs % 1_000_000n;
    const hh = String(seconds / 3600n).padStart(2, '0');
    const mm = String((seconds / 60n) % 60n).padStart(2, '0');
    const ss = String(seconds % 60n).padStart(2, '0');
    const frac = fraction ? '.' + String(fraction).padStart(6, '0').replace(/0+$/, '') : '';
    parts.push(`${negative ? '-' : ''}${hh}:${mm}:${ss}${frac}`);
  }
  return parts.join(' ');
}

function arrayEncoder(type: DuckDBType, geometry: GeometryFormat): TextEncoder {
  const element = elementType(type);
  const nested = element !== undefined && (element.typeId === DuckDBTypeId.LIST || element.typeId === DuckDBTypeId.ARRAY);
  const inner = element ? textEncoder(element, geometry) : (v: DuckDBValue) => String(v);
  return (v) => {
    const items = (v as DuckDBListValue).items;
    const texts = items.map((item) => (item === null ? 'NULL' : nested ? inner(item) : quoteElement(inner(item))));
    return `{${texts.join(',')}}`;
  };
}

/** An array element as array_out writes it: quoted when empty, NULL-like or holding a special character. */
function quoteElement(text: string): string {
  if (text !== '' && !/[{}",\\\s]/.test(text) && text.toUpperCase() !== 'NULL') return text;
  return `"${text.replace(/[\\"]/g, (c) => '\\' + c)}"`;
}

/** A JSON-ready value: objects for structs and maps, arrays for lists, hex strings for bytes. */
export function jsonOf(v: DuckDBValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null; // JSON has no NaN or infinity
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
  if ('items' in v) return (v as DuckDBListValue).items.map(jsonOf);
  if ('entries' in v) {
    const entries = (v as DuckDBStructValue | DuckDBMapValue).entries;
    if (Array.isArray(entries)) return Object.fromEntries((entries as DuckDBMapValue['entries']).map((e) => [String(e.key), jsonOf(e.value)]));
    return Object.fromEntries(Object.entries(entries as DuckDBStructValue['entries']).map(([k, x]) => [k, jsonOf(x)]));
  }
  if ('tag' in v && 'value' in v) return jsonOf((v as DuckDBUnionValue).value);
  if ('bytes' in v) return byteaHex((v as { bytes: Uint8Array }).bytes);
  if ('months' in v && 'days' in v) return intervalText(v as DuckDBIntervalValue);
  return String(v);
}
