/**
 * Well-known binary: a reader for what other tools write (either byte order, ISO Z/M/ZM
 * codes, PostGIS EWKB flags and SRID) and a writer for what DuckDB's GEOMETRY holds
 * (little-endian ISO WKB, 2D).
 */
import { InputError } from '../errors.js';
import {
  EMPTY_POSITION,
  WKB_TYPE_CODES,
  type Geometry,
  type GeometryType,
  type Position,
  type Ring,
} from './geometry.js';

/** A geometry read from WKB with the SRID an EWKB header carried, if any. */
export interface WkbGeometry {
  readonly geometry: Geometry;
  readonly srid?: number;
}

const TYPES_BY_CODE: readonly (GeometryType | undefined)[] = [
  undefined, 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection',
];

// A multi member is another full geometry: at least byte order, type and a count
const MIN_MEMBER_BYTES = 9;
// Nesting deeper than this is an attack or a bug, and recursion would overflow the stack
const MAX_DEPTH = 64;
// PostGIS EWKB flags in the type word (liblwgeom's WKBZOFFSET, WKBMOFFSET, WKBSRIDFLAG)
const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

interface Cursor {
  readonly view: DataView;
  pos: number;
  little: boolean;
}

interface Header {
  readonly type: GeometryType;
  readonly dims: number;
  readonly srid?: number;
}

/**
 * Reads WKB or EWKB bytes into a geometry and the SRID an EWKB header carried.
 * Z and M ordinates are read and dropped.
 * @throws InputError when the bytes are truncated, have trailing bytes, an unknown type,
 *   counts larger than the bytes could hold, or nesting deeper than 64.
 */
export function readWkb(bytes: Uint8Array): WkbGeometry {
  const cur: Cursor = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), pos: 0, little: true };
  const header = readHeader(cur);
  const geometry = readBody(cur, header, 0);
  if (cur.pos !== bytes.byteLength) {
    throw wkbError(cur, `${bytes.byteLength - cur.pos} trailing bytes after the geometry`);
  }
  return header.srid === undefined ? { geometry } : { geometry, srid: header.srid };
}

/**
 * Reads WKB or EWKB bytes into a geometry, ignoring any SRID.
 * @throws InputError as {@link readWkb}.
 */
export function parseWkb(bytes: Uint8Array): Geometry {
  return readWkb(bytes).geometry;
}

function wkbError(cur: Cursor, what: string): InputError {
  return new InputError({
    reason: `invalid WKB: ${what} (at byte ${cur.pos} of ${cur.view.byteLength})`,
    hint: 'Pass well-known binary such as ST_AsWKB(geom) returns, complete and unmodified',
  });
}

function need(cur: Cursor, bytes: number, what: string): void {
  const left = cur.view.byteLength - cur.pos;
  if (bytes > left) throw wkbError(cur, `truncated: ${what} needs ${bytes} bytes but ${left} remain`);
}

function readUint32(cur: Cursor, what: string): number {
  need(cur, 4, what);
  const v = cur.view.getUint32(cur.pos, cur.little);
  cur.pos += 4;
  return v;
}

// A count is checked against the bytes left before anything is allocated for it
function readCount(cur: Cursor, what: string, minItemBytes: number): number {
  const n = readUint32(cur, `${what} count`);
  const left = cur.view.byteLength - cur.pos;
  if (n * minItemBytes > left) {
    throw wkbError(cur, `${what} count ${n} needs at least ${n * minItemBytes} bytes but ${left} remain`);
  }
  return n;
}

function readHeader(cur: Cursor): Header {
  need(cur, 5, 'geometry header');
  const order = cur.view.getUint8(cur.pos);
  if (order > 1) throw wkbError(cur, `byte order must be 0 (big endian) or 1 (little endian), got ${order}`);
  cur.little = order === 1;
  cur.pos += 1;
  const word = readUint32(cur, 'geometry type');
  let hasZ = (word & EWKB_Z) !== 0;
  let hasM = (word & EWKB_M) !== 0;
  const code = word & 0x0fffffff;
  const iso = Math.floor(code / 1000);
  const type = TYPES_BY_CODE[code % 1000];
  if (type === undefined || iso > 3) {
    throw wkbError(cur, `unsupported geometry type ${word} (expected 1-7, optionally +1000 Z, +2000 M, +3000 ZM)`);
  }
  hasZ ||= iso === 1 || iso === 3;
  hasM ||= iso === 2 || iso === 3;
  const dims = 2 + Number(hasZ) + Number(hasM);
  if ((word & EWKB_SRID) === 0) return { type, dims };
  need(cur, 4, 'SRID');
  const srid = cur.view.getInt32(cur.pos, cur.little);
  cur.pos += 4;
  return { type, dims, srid };
}

function readPosition(cur: Cursor, dims: number): Position {
  need(cur, dims * 8, 'coordinate');
  const x = cur.view.getFloat64(cur.pos, cur.little);
  const y = cur.view.getFloat64(cur.pos + 8, cur.little);
  cur.pos += dims * 8;
  return [x, y];
}

function readPositions(cur: Cursor, dims: number, what: string): Position[] {
  const n = readCount(cur, what, dims * 8);
  const out = new Array<Position>(n);
  for (let i = 0; i < n; i++) out[i] = readPosition(cur, dims);
  return out;
}

function readRings(cur: Cursor, dims: number): Ring[] {
  const n = readCount(cur, 'polygon ring', 4);
  const out = new Array<Ring>(n);
  for (let i = 0; i < n; i++) out[i] = readPositions(cur, dims, 'ring point');
  return out;
}

function readBody(cur: Cursor, h: Header, depth: number): Geometry {
  switch (h.type) {
    case 'Point': {
      const p = readPosition(cur, h.dims);
      return { type: 'Point', coordinates: Number.isNaN(p[0]) && Number.isNaN(p[1]) ? EMPTY_POSITION : p };
    }
    case 'LineString':
      return { type: 'LineString', coordinates: readPositions(cur, h.dims, 'line string point') };
    case 'Polygon':
      return { type: 'Polygon', coordinates: readRings(cur, h.dims) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: readMembers(cur, 'Point', depth).map((g) => g.coordinates) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: readMembers(cur, 'LineString', depth).map((g) => g.coordinates) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: readMembers(cur, 'Polygon', depth).map((g) => g.coordinates) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: readMembers(cur, undefined, depth) };
  }
}

type Member<T extends GeometryType | undefined> = T extends GeometryType ? Extract<Geometry, { type: T }> : Geometry;

function readMembers<T extends GeometryType | undefined>(cur: Cursor, type: T, depth: number): Member<T>[] {
  if (depth >= MAX_DEPTH) throw wkbError(cur, `geometry nesting deeper than ${MAX_DEPTH}`);
  const n = readCount(cur, type === undefined ? 'collection member' : `${type} member`, MIN_MEMBER_BYTES);
  const out: Member<T>[] = [];
  for (let i = 0; i < n; i++) {
    const start = cur.pos;
    const h = readHeader(cur);
    if (type !== undefined && h.type !== type) {
      cur.pos = start;
      throw wkbError(cur, `a Multi${type} may hold only ${type}s, found a ${h.type}`);
    }
    out.push(readBody(cur, h, depth + 1) as Member<T>);
  }
  return out;
}

/** Writes a geometry as little-endian 2D ISO WKB, byte for byte what DuckDB's ST_AsWKB returns. */
export function toWkb(g: Geometry): Uint8Array {
  const out = new Uint8Array(sizeOf(g));
  const cur: Cursor = { view: new DataView(out.buffer), pos: 0, little: true };
  write(cur, g);
  return out;
}

function sizeOfRings(rings: readonly Ring[]): number {
  return rings.reduce((sum, r) => sum + 4 + 16 * r.length, 4);
}

function sizeOf(g: Geometry): number {
  switch (g.type) {
    case 'Point':
      return 21;
    case 'LineString':
      return 9 + 16 * g.coordinates.length;
    case 'Polygon':
      return 5 + sizeOfRings(g.coordinates);
    case 'MultiPoint':
      return 9 + 21 * g.coordinates.length;
    case 'MultiLineString':
      return g.coordinates.reduce((sum, l) => sum + 9 + 16 * l.length, 9);
    case 'MultiPolygon':
      return g.coordinates.reduce((sum, p) => sum + 5 + sizeOfRings(p), 9);
    case 'GeometryCollection':
      return g.geometries.reduce((sum, c) => sum + sizeOf(c), 9);
  }
}

function writeHeader(cur: Cursor, type: GeometryType): void {
  cur.view.setUint8(cur.pos, 1);
  cur.view.setUint32(cur.pos + 1, WKB_TYPE_CODES[type], true);
  cur.pos += 5;
}

function writeUint32(cur: Cursor, n: number): void {
  cur.view.setUint32(cur.pos, n, true);
  cur.pos += 4;
}

function writePositions(cur: Cursor, ps: readonly Position[], withCount: boolean): void {
  if (withCount) writeUint32(cur, ps.length);
  for (const [x, y] of ps) {
    cur.view.setFloat64(cur.pos, x, true);
    cur.view.setFloat64(cur.pos + 8, y, true);
    cur.pos += 16;
  }
}

function writeRings(cur: Cursor, rings: readonly Ring[]): void {
  writeUint32(cur, rings.length);
  for (const r of rings) writePositions(cur, r, true);
}

function write(cur: Cursor, g: Geometry): void {
  writeHeader(cur, g.type);
  switch (g.type) {
    case 'Point':
      return writePositions(cur, [g.coordinates], false);
    case 'LineString':
      return writePositions(cur, g.coordinates, true);
    case 'Polygon':
      return writeRings(cur, g.coordinates);
    case 'MultiPoint':
      writeUint32(cur, g.coordinates.length);
      for (const p of g.coordinates) write(cur, { type: 'Point', coordinates: p });
      return;
    case 'MultiLineString':
      writeUint32(cur, g.coordinates.length);
      for (const l of g.coordinates) write(cur, { type: 'LineString', coordinates: l });
      return;
    case 'MultiPolygon':
      writeUint32(cur, g.coordinates.length);
      for (const p of g.coordinates) write(cur, { type: 'Polygon', coordinates: p });
      return;
    case 'GeometryCollection':
      writeUint32(cur, g.geometries.length);
      for (const c of g.geometries) write(cur, c);
  }
}
