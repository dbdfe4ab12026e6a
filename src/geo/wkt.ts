/**
 * Well-known text: a tolerant reader (any case, Z/M/ZM tags, `POINTZ`, EWKT `SRID=n;`,
 * NaN/Inf, scientific notation) and a writer that prints what DuckDB's ST_AsText prints.
 */
import { InputError } from '../errors.js';
import {
  EMPTY_POSITION,
  isEmptyPosition,
  WKB_TYPE_CODES,
  type Geometry,
  type GeometryType,
  type Position,
  type Ring,
} from './geometry.js';

/** A geometry read from WKT with the SRID an EWKT `SRID=n;` prefix carried, if any. */
export interface WktGeometry {
  readonly geometry: Geometry;
  readonly srid?: number;
}

const TYPES_BY_WORD = new Map<string, GeometryType>(
  (Object.keys(WKB_TYPE_CODES) as GeometryType[]).map((t) => [t.toUpperCase(), t]),
);
// Same limit as the WKB reader: deeper nesting would overflow the stack
const MAX_DEPTH = 64;
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf(?:inity)?)\b/iy;
const WORD = /[A-Za-z]+/y;
const SRID_PREFIX = /\s*SRID\s*=\s*(-?\d+)\s*;/iy;

interface Scanner {
  readonly text: string;
  pos: number;
  /** Ordinates per position from the Z/M tag; undefined when untagged (2 to 4 accepted). */
  dims?: number;
}

/**
 * Reads WKT or EWKT into a geometry and its SRID, dropping Z and M ordinates.
 * @throws InputError naming the offset and what was expected when the text is not WKT.
 */
export function readWkt(text: string): WktGeometry {
  const s: Scanner = { text, pos: 0 };
  SRID_PREFIX.lastIndex = 0;
  const srid = SRID_PREFIX.exec(text);
  if (srid) s.pos = SRID_PREFIX.lastIndex;
  const geometry = readTagged(s, 0);
  skipSpace(s);
  if (s.pos < text.length) throw wktError(s, 'end of text');
  return srid ? { geometry, srid: Number(srid[1]) } : { geometry };
}

/**
 * Reads WKT or EWKT into a geometry, ignoring any SRID.
 * @throws InputError as {@link readWkt}.
 */
export function parseWkt(text: string): Geometry {
  return readWkt(text).geometry;
}

function wktError(s: Scanner, expected: string): InputError {
  const found = s.pos < s.text.length ? `'${s.text.slice(s.pos, s.pos + 12)}'` : 'the end';
  return new InputError({
    reason: `invalid WKT: expected ${expected} but found ${found} at offset ${s.pos}`,
    hint: 'Write it like POLYGON ((0 0, 1 0, 1 1, 0 0)) or MULTIPOINT (1 2, 3 4)',
  });
}

function skipSpace(s: Scanner): void {
  while (s.pos < s.text.length && /\s/.test(s.text[s.pos])) s.pos++;
}

function tryChar(s: Scanner, ch: string): boolean {
  skipSpace(s);
  if (s.text[s.pos] !== ch) return false;
  s.pos++;
  return true;
}

function expectChar(s: Scanner, ch: string): void {
  if (!tryChar(s, ch)) throw wktError(s, `'${ch}'`);
}

function tryWord(s: Scanner): string | undefined {
  skipSpace(s);
  WORD.lastIndex = s.pos;
  const m = WORD.exec(s.text);
  if (!m) return undefined;
  s.pos = WORD.lastIndex;
  return m[0].toUpperCase();
}

function tryEmpty(s: Scanner): boolean {
  const start = s.pos;
  if (tryWord(s) === 'EMPTY') return true;
  s.pos = start;
  return false;
}

// `POINT`, `POINT Z`, `POINTZM`... → type and ordinate count
function readTypeWord(s: Scanner): { type: GeometryType; dims?: number } {
  const start = s.pos;
  const word = tryWord(s) ?? '';
  const joined = /^([A-Z]+?)(ZM|Z|M)$/.exec(word);
  const joinedType = joined ? TYPES_BY_WORD.get(joined[1]) : undefined;
  if (joined && joinedType) return { type: joinedType, dims: 2 + joined[2].length };
  const type = TYPES_BY_WORD.get(word);
  if (!type) {
    s.pos = start;
    throw wktError(s, 'a geometry type (POINT, LINESTRING, POLYGON, MULTI..., GEOMETRYCOLLECTION)');
  }
  const afterType = s.pos;
  const tag = tryWord(s);
  if (tag === 'Z' || tag === 'M') return { type, dims: 3 };
  if (tag === 'ZM') return { type, dims: 4 };
  s.pos = afterType;
  return { type };
}

function readTagged(s: Scanner, depth: number): Geometry {
  if (depth > MAX_DEPTH) throw wktError(s, `at most ${MAX_DEPTH} nested collections`);
  const { type, dims } = readTypeWord(s);
  s.dims = dims;
  const empty = tryEmpty(s);
  switch (type) {
    case 'Point':
      return { type, coordinates: empty ? EMPTY_POSITION : readPointBody(s) };
    case 'LineString':
      return { type, coordinates: empty ? [] : readPositions(s) };
    case 'Polygon':
      return { type, coordinates: empty ? [] : readList(s, () => readPart(s, readPositions, [])) };
    case 'MultiPoint':
      return { type, coordinates: empty ? [] : readList(s, () => readMultiPointMember(s)) };
    case 'MultiLineString':
      return { type, coordinates: empty ? [] : readList(s, () => readPart(s, readPositions, [])) };
    case 'MultiPolygon':
      return { type, coordinates: empty ? [] : readList(s, () => readPart(s, readRings, [])) };
    case 'GeometryCollection':
      return { type, geometries: empty ? [] : readList(s, () => readTagged(s, depth + 1)) };
  }
}

function readNumber(s: Scanner): number | undefined {
  skipSpace(s);
  NUMBER.lastIndex = s.pos;
  const m = NUMBER.exec(s.text);
  if (!m) return undefined;
  s.pos = NUMBER.lastIndex;
  const lower = m[0].toLowerCase();
  if (lower.endsWith('nan')) return NaN;
  if (lower.includes('inf')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(m[0]);
}

function readPosition(s: Scanner): Position {
  const x = readNumber(s);
  const y = x === undefined ? undefined : readNumber(s);
  if (x === undefined || y === undefined) throw wktError(s, 'a number');
  const max = s.dims ?? 4;
  let count = 2;
  while (count < max && readNumber(s) !== undefined) count++;
  if (s.dims !== undefined && count < s.dims) throw wktError(s, `${s.dims} ordinates per position`);
  return [x, y];
}

function readPointBody(s: Scanner): Position {
  expectChar(s, '(');
  const p = readPosition(s);
  expectChar(s, ')');
  return Number.isNaN(p[0]) && Number.isNaN(p[1]) ? EMPTY_POSITION : p;
}

// `( item, item, ... )`
function readList<T>(s: Scanner, item: () => T): T[] {
  expectChar(s, '(');
  const out = [item()];
  while (tryChar(s, ',')) out.push(item());
  expectChar(s, ')');
  return out;
}

function readPositions(s: Scanner): Position[] {
  return readList(s, () => readPosition(s));
}

function readRings(s: Scanner): Ring[] {
  return readList(s, () => readPart(s, readPositions, []));
}

// A member of a multi geometry or a ring: `EMPTY` or its parenthesised body
function readPart<T>(s: Scanner, body: (s: Scanner) => T, empty: T): T {
  return tryEmpty(s) ? empty : body(s);
}

// MULTIPOINT accepts both `(1 2, 3 4)` and `((1 2), (3 4))`, and EMPTY members
function readMultiPointMember(s: Scanner): Position {
  if (tryEmpty(s)) return EMPTY_POSITION;
  if (tryChar(s, '(')) {
    const p = readPosition(s);
    expectChar(s, ')');
    return p;
  }
  return readPosition(s);
}

/**
 * Formats a number as DuckDB's ST_AsText does: the shortest text that reads back to the
 * same double, in fixed notation for decimal exponents -4 to 15 and otherwise as
 * `1e+16` / `1e-05` (fmt's default for doubles); `nan`, `inf`, `-inf` as C++ prints them.
 */
export function formatWktNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  // toExponential() without digits gives the shortest round-trip digits (ECMA-262 Number::toString)
  const [digits, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp >= -4 && exp < 16) return String(n); // JS prints these exponents in fixed notation too
  return `${digits}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function formatPosition(p: Position): string {
  return `${formatWktNumber(p[0])} ${formatWktNumber(p[1])}`;
}

function formatPositions(ps: readonly Position[]): string {
  return ps.length === 0 ? 'EMPTY' : `(${ps.map(formatPosition).join(', ')})`;
}

function formatRings(rings: readonly Ring[]): string {
  return rings.length === 0 ? 'EMPTY' : `(${rings.map(formatPositions).join(', ')})`;
}

function formatBody(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return isEmptyPosition(g.coordinates) ? 'EMPTY' : `(${formatPosition(g.coordinates)})`;
    case 'LineString':
      return formatPositions(g.coordinates);
    case 'Polygon':
      return formatRings(g.coordinates);
    case 'MultiPoint': {
      const members = g.coordinates.map((p) => (isEmptyPosition(p) ? 'EMPTY' : formatPosition(p)));
      return members.length === 0 ? 'EMPTY' : `(${members.join(', ')})`;
    }
    case 'MultiLineString':
      return g.coordinates.length === 0 ? 'EMPTY' : `(${g.coordinates.map(formatPositions).join(', ')})`;
    case 'MultiPolygon':
      return g.coordinates.length === 0 ? 'EMPTY' : `(${g.coordinates.map(formatRings).join(', ')})`;
    case 'GeometryCollection':
      return g.geometries.length === 0 ? 'EMPTY' : `(${g.geometries.map(toWkt).join(', ')})`;
  }
}

/** Writes a geometry as 2D WKT, character for character what DuckDB's ST_AsText returns. */
export function toWkt(g: Geometry): string {
  return `${g.type.toUpperCase()} ${formatBody(g)}`;
}
