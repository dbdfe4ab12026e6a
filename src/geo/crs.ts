/**
 * Coordinate reference systems and reprojection through proj4 (the only file that
 * imports it).
 *
 * Axis order. DuckDB spatial's `ST_Transform(geom, source, target, always_xy := false)`
 * follows PROJ: by default coordinates are in the authority's axis order, so EPSG:4326
 * is (lat, lon) and EPSG:3035 is (northing, easting); `always_xy := true` makes every
 * CRS (x = easting/longitude, y = northing/latitude), like GDAL's
 * OAMS_TRADITIONAL_GIS_ORDER. Each {@link Crs} records its authority order and the
 * transforms here take `alwaysXy` explicitly, so the SQL adapter passes the flag through
 * and raster code (which is always x/y, like GDAL and rasterio) passes `true`.
 */
import { createRequire } from 'node:module';
import type proj4Module from 'proj4';
import { InputError } from '../errors.js';
import { crsToEpsg, epsgFromName, isCrs84Name, wktAxisOrder } from './crs-id.js';
import { epsgDefinition, refusedEpsgError, unknownEpsgError } from './epsg.js';
import { mapPositions, type Geometry, type Position } from './geometry.js';

/** What a CRS may be given as: an EPSG number, or text (`EPSG:4326`, `OGC:CRS84`, a proj string, WKT1/WKT2, PROJJSON). */
export type CrsInput = string | number;

/** A resolved coordinate reference system. */
export interface Crs {
  /** The input as given, for messages. */
  readonly input: string;
  /** `EPSG:<code>` or `OGC:CRS84` when the input names one (a proj string equal to a built-in names its code). */
  readonly id?: string;
  readonly epsg?: number;
  /** What proj4 is given: a proj string, WKT, or PROJJSON text. */
  readonly definition: string;
  /**
   * The axis order coordinates follow when `alwaysXy` is false: 'yx' when the first axis is
   * latitude or northing (EPSG:4326 and EPSG:3035 by authority, WKT that declares it,
   * `+axis=neu`); proj strings and OGC:CRS84 are 'xy'.
   */
  readonly axisOrder: 'xy' | 'yx';
  /** True for longitude/latitude systems (units are degrees). */
  readonly geographic: boolean;
  /**
   * Why proj4js cannot transform it as GDAL does (see epsg.ts); the CRS still names a
   * raster's CRS, but any transform to or from another CRS throws this reason.
   */
  readonly refused?: string;
}

/** How coordinates are ordered on the way in and out of a transform. */
export interface TransformOptions {
  /** True: every CRS is (x, y) = (easting/longitude, northing/latitude). False: the authority's order, as ST_Transform's default. */
  readonly alwaysXy: boolean;
}

const CRS_HINT =
  "Pass 'EPSG:<code>', an EPSG number, 'OGC:CRS84', a proj string ('+proj=utm +zone=33 +datum=WGS84'), WKT or PROJJSON";
type Proj4 = typeof proj4Module;
let loaded: Proj4 | undefined;
/**
 * proj4, loaded on first use: it costs ~120 ms of start-up, which every shell call would pay
 * for the few queries that reproject. Synchronous (require), because DuckDB callbacks are.
 */
function proj4(): Proj4 {
  return (loaded ??= createRequire(import.meta.url)('proj4') as Proj4);
}

// resolved CRSs and proj4 converters are reused across rows; the bound keeps odd inputs from growing memory
const CACHE_LIMIT = 256;
const resolved = new Map<string, Crs>();
const converters = new Map<string, proj4Module.Converter>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

function builtIn(code: number, input: string): Crs {
  const def = epsgDefinition(code);
  if (!def) throw unknownEpsgError(code);
  return {
    input, id: `EPSG:${code}`, epsg: code, definition: def.proj || `EPSG:${code}`, axisOrder: def.axisOrder, geographic: def.geographic,
    ...(def.refused ? { refused: refusedEpsgError(def).message } : {}),
  };
}

type Projection = InstanceType<typeof proj4Module.Proj>;
type ProjectionInput = ConstructorParameters<typeof proj4Module.Proj>[0];

// proj4 throws strings, not Errors; turn them into messages users can act on
function buildProjection(definition: string, input: string): Projection {
  try {
    const def = definition.startsWith('{') ? (JSON.parse(definition) as ProjectionInput) : definition;
    return new (proj4().Proj)(def);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new InputError({ reason: `cannot read CRS ${abbreviate(input)}: ${why}`, hint: CRS_HINT, cause: e });
  }
}

function abbreviate(text: string): string {
  return text.length > 80 ? `'${text.slice(0, 77)}...'` : `'${text}'`;
}

// A proj string, WKT or PROJJSON the user wrote. When it names a built-in EPSG code, proj4
// gets the built-in definition (proj4 reads some WKT loosely); the axis order still comes
// from the text itself, since that is what the user's coordinates follow.
function fromDefinition(text: string): Crs {
  const epsg = crsToEpsg(text);
  const def = epsg === undefined ? undefined : epsgDefinition(epsg);
  // proj4 has no init files, so +init=epsg:n works only for built-in codes
  if (epsg !== undefined && !def && /\+init=/i.test(text)) throw unknownEpsgError(epsg);
  const projection = def ? undefined : buildProjection(text, text);
  return {
    input: text,
    ...(epsg === undefined ? {} : { id: `EPSG:${epsg}`, epsg }),
    definition: def ? def.proj || `EPSG:${epsg}` : text,
    axisOrder: axisOrderOf(text, def?.axisOrder ?? (projection?.axis?.startsWith('n') ? 'yx' : 'xy')),
    geographic: def?.geographic ?? projection?.names.includes('longlat') ?? false,
    ...(def?.refused ? { refused: refusedEpsgError(def).message } : {}),
  };
}

const WKT1_ROOT = /^\s*(GEOGCS|PROJCS|GEOCCS|COMPD_CS|LOCAL_CS)\s*\[/i;

function axisOrderOf(text: string, fallback: 'xy' | 'yx'): 'xy' | 'yx' {
  // PROJ reads proj strings as east/north unless +axis says otherwise
  if (text.startsWith('+')) return /\+axis=[ns]/i.test(text) ? 'yx' : 'xy';
  // wkt-parser ignores WKT1 AXIS nodes, so read them here; without any, WKT1 means
  // (lon, lat) or (east, north) (OGC 01-009, 7.5.1)
  const declared = text.includes('[') ? wktAxisOrder(text) : undefined;
  return declared ?? (WKT1_ROOT.test(text) ? 'xy' : fallback);
}

/**
 * Resolves a CRS given as an EPSG number or text. EPSG codes come from PROJ's database
 * (see epsg.ts); other definitions go to proj4 as written. A WKT or PROJJSON that names
 * an EPSG code resolves to that code's definition. Results are cached. A code proj4js
 * cannot transform as GDAL does resolves with `refused` set; transforms then throw.
 * @throws InputError for an EPSG code PROJ's database lacks (saying how to pass its
 *   definition instead) and for text proj4 cannot read.
 */
export function resolveCrs(input: CrsInput): Crs {
  const key = String(input).trim();
  const cached = resolved.get(key);
  if (cached) return cached;
  if (key === '') throw new InputError({ reason: 'the CRS is empty', hint: CRS_HINT });
  if (typeof input === 'number' && !Number.isInteger(input)) {
    throw new InputError({ reason: `EPSG code ${input} is not an integer`, hint: CRS_HINT });
  }
  return remember(resolved, key, resolveText(key));
}

function resolveText(text: string): Crs {
  if (isCrs84Name(text)) {
    return { input: text, id: 'OGC:CRS84', definition: '+proj=longlat +datum=WGS84 +no_defs', axisOrder: 'xy', geographic: true };
  }
  const code = epsgFromName(text);
  if (code !== undefined) return builtIn(code, text);
  if (text.startsWith('+') || text.startsWith('{') || text.includes('[')) return fromDefinition(text);
  throw new InputError({ reason: `${abbreviate(text)} is not a CRS`, hint: CRS_HINT });
}

function asCrs(c: Crs | CrsInput): Crs {
  return typeof c === 'object' ? c : resolveCrs(c);
}

function converterFor(from: Crs, to: Crs): proj4Module.Converter | undefined {
  if (from.definition === to.definition) return undefined;
  const refused = from.refused ?? to.refused;
  if (refused) throw new InputError({ reason: refused });
  const key = `${from.definition}\n${to.definition}`;
  const cached = converters.get(key);
  if (cached) return cached;
  const converter = proj4()(buildProjection(from.definition, from.input), buildProjection(to.definition, to.input));
  return remember(converters, key, converter);
}

function transformError(x: number, y: number, from: Crs, to: Crs, cause?: unknown): InputError {
  return new InputError({
    reason: `point (${x}, ${y}) cannot be transformed from ${abbreviate(from.id ?? from.input)} to ${abbreviate(to.id ?? to.input)}`,
    hint: 'Check the axis order (always_xy) and that the point lies in the source CRS\'s area of use',
    cause,
  });
}

/**
 * Reprojects interleaved coordinates `[x0, y0, x1, y1, ...]` in place and returns the
 * same array: the hot path for rasters and long rings. NaN pairs (empty points) stay NaN.
 * @throws InputError when a CRS cannot be resolved or a finite point has no finite image.
 */
export function transformPoints(xy: Float64Array, from: Crs | CrsInput, to: Crs | CrsInput, opts: TransformOptions): Float64Array {
  const src = asCrs(from);
  const dst = asCrs(to);
  const converter = converterFor(src, dst);
  const swapIn = !opts.alwaysXy && src.axisOrder === 'yx';
  const swapOut = !opts.alwaysXy && dst.axisOrder === 'yx';
  const p = [0, 0];
  for (let i = 0; i + 1 < xy.length; i += 2) {
    const a = xy[i];
    const b = xy[i + 1];
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    p[0] = swapIn ? b : a;
    p[1] = swapIn ? a : b;
    if (converter) project(converter, p, src, dst);
    xy[i] = swapOut ? p[1] : p[0];
    xy[i + 1] = swapOut ? p[0] : p[1];
  }
  return xy;
}

function project(converter: proj4Module.Converter, p: number[], from: Crs, to: Crs): void {
  const [x, y] = p;
  let out: number[];
  try {
    out = converter.forward(p);
  } catch (e) {
    throw transformError(x, y, from, to, e);
  }
  if (!Number.isFinite(out[0]) || !Number.isFinite(out[1])) {
    if (Number.isFinite(x) && Number.isFinite(y)) throw transformError(x, y, from, to);
  }
  p[0] = out[0];
  p[1] = out[1];
}

/**
 * ST_Transform: reprojects every position of a geometry (no densification: straight
 * edges stay straight between reprojected vertices).
 * @throws InputError as {@link transformPoints}.
 */
export function transformGeometry(g: Geometry, from: Crs | CrsInput, to: Crs | CrsInput, opts: TransformOptions): Geometry {
  // one transformPoints call for all positions: the converter is looked up once, not per point
  const xy: number[] = [];
  mapPositions(g, (p) => {
    xy.push(p[0], p[1]);
    return p;
  });
  const out = transformPoints(Float64Array.from(xy), from, to, opts);
  let i = 0;
  return mapPositions(g, (): Position => {
    const p: Position = [out[i], out[i + 1]];
    i += 2;
    return p;
  });
}
