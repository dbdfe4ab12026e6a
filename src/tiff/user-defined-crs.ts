/**
 * A CRS that GeoKeys describe by parameters (ProjectedCSTypeGeoKey or GeographicTypeGeoKey
 * 32767, as GDAL writes a CRS given as a PROJ string): the proj string and a WKT1 built
 * from the keys, read the way GDAL 3.6's GTIFGetOGISDefn reads them (GeoTIFF 1.1 section 7
 * and libgeotiff's geo_normalize.c). Angles are in GeogAngularUnits, lengths in
 * ProjLinearUnits; the base geographic CRS is an EPSG code, a datum code, or an ellipsoid
 * with an optional TOWGS84. Anything proj4js would not transform as GDAL does is refused
 * with the reason (an unknown method, a geographic CRS in grads...).
 */
import { epsgDefinition } from '../geo/epsg.js';
import type { GeoKeys } from './geo-keys.js';

/** The CRS the keys define, or why rasterduck cannot reproduce it. */
export type UserDefinedCrs =
  | {
      readonly kind: 'ok';
      readonly proj: string;
      readonly wkt: string;
      /** The EPSG code of the base geographic CRS, when the keys name one (GeographicTypeGeoKey or a datum code). */
      readonly baseEpsg?: number;
    }
  | { readonly kind: 'refused'; readonly reason: string };

// GeoTIFF 1.1 key ids (section 7.1): geographic 2050-2062, projected 3074-3096
const K = {
  GTModelType: 1024, GTCitation: 1026, GeographicType: 2048, GeogCitation: 2049, GeogGeodeticDatum: 2050,
  GeogPrimeMeridian: 2051, GeogLinearUnits: 2052, GeogLinearUnitSize: 2053, GeogAngularUnits: 2054,
  GeogAngularUnitSize: 2055, GeogEllipsoid: 2056, GeogSemiMajorAxis: 2057, GeogSemiMinorAxis: 2058,
  GeogInvFlattening: 2059, GeogPrimeMeridianLong: 2061, GeogTOWGS84: 2062,
  ProjectedCSType: 3072, PCSCitation: 3073, Projection: 3074, ProjCoordTrans: 3075, ProjLinearUnits: 3076,
  ProjLinearUnitSize: 3077, StdParallel1: 3078, StdParallel2: 3079, NatOriginLong: 3080, NatOriginLat: 3081,
  FalseEasting: 3082, FalseNorthing: 3083, FalseOriginLong: 3084, FalseOriginLat: 3085, FalseOriginEasting: 3086,
  FalseOriginNorthing: 3087, CenterLong: 3088, CenterLat: 3089, CenterEasting: 3090, CenterNorthing: 3091,
  ScaleAtNatOrigin: 3092, ScaleAtCenter: 3093, AzimuthAngle: 3094, StraightVertPoleLong: 3095, RectifiedGridAngle: 3096,
} as const;

const USER_DEFINED = 32767;

/** Linear units (EPSG unit codes) in metres, as libgeotiff knows them. */
const METRES: Readonly<Record<number, number>> = {
  9001: 1, 9002: 0.3048, 9003: 1200 / 3937, 9005: 0.3047972654, 9014: 1.8288, 9030: 1852, 9036: 1000,
  9037: 0.9143917962, 9040: 0.91439523, 9041: 0.3047995102481, 9042: 20.116756, 9093: 1609.344, 9096: 0.9144,
};

/** Angular units (EPSG unit codes) in degrees; 9110 (sexagesimal DMS) is read as GDAL does. */
const DEGREES: Readonly<Record<number, number>> = {
  9101: 180 / Math.PI, 9102: 1, 9103: 1 / 60, 9104: 1 / 3600, 9105: 0.9, 9106: 0.9, 9122: 1,
};

/** Ellipsoids by EPSG code: [semi-major, inverse flattening (0 = sphere)], for keys that give a code only. */
const ELLIPSOIDS: Readonly<Record<number, readonly [number, number]>> = {
  7001: [6377563.396, 299.3249646], 7004: [6377397.155, 299.1528128], 7008: [6378206.4, 294.978698213898],
  7019: [6378137, 298.257222101], 7022: [6378388, 297], 7030: [6378137, 298.257223563], 7035: [6371007, 0],
  7043: [6378135, 298.26], 7047: [6370997, 0], 7048: [6371007.181, 0],
};

const PRIME_MERIDIANS: Readonly<Record<number, number>> = { 8901: 0, 8903: 2.33722917, 8904: -74.0809166666667, 8913: 10.7229166666667 };

type Param = readonly [proj: string, wkt: string, keys: readonly number[], kind: 'angle' | 'length' | 'scale'];

/** One coordinate transformation (ProjCoordTransGeoKey): proj4 name, WKT1 name and its parameters. */
interface Method {
  readonly proj: string;
  readonly wkt: string;
  readonly params: readonly Param[];
  readonly extra?: string;
}

const FE: Param = ['x_0', 'false_easting', [K.FalseEasting, K.FalseOriginEasting, K.CenterEasting], 'length'];
const FN: Param = ['y_0', 'false_northing', [K.FalseNorthing, K.FalseOriginNorthing, K.CenterNorthing], 'length'];
const NAT_LAT: Param = ['lat_0', 'latitude_of_origin', [K.NatOriginLat, K.FalseOriginLat, K.CenterLat], 'angle'];
const NAT_LON: Param = ['lon_0', 'central_meridian', [K.NatOriginLong, K.FalseOriginLong, K.CenterLong], 'angle'];
const CENTER_LAT: Param = ['lat_0', 'latitude_of_center', [K.CenterLat, K.NatOriginLat, K.FalseOriginLat], 'angle'];
const CENTER_LON: Param = ['lon_0', 'longitude_of_center', [K.CenterLong, K.NatOriginLong, K.FalseOriginLong], 'angle'];
const SCALE: Param = ['k_0', 'scale_factor', [K.ScaleAtNatOrigin, K.ScaleAtCenter], 'scale'];
const SP1: Param = ['lat_1', 'standard_parallel_1', [K.StdParallel1], 'angle'];
const SP2: Param = ['lat_2', 'standard_parallel_2', [K.StdParallel2], 'angle'];
const ORIGIN_LAT: Param = ['lat_0', 'latitude_of_origin', [K.FalseOriginLat, K.NatOriginLat, K.CenterLat], 'angle'];
const ORIGIN_LON: Param = ['lon_0', 'central_meridian', [K.FalseOriginLong, K.NatOriginLong, K.CenterLong], 'angle'];
const OMERC: readonly Param[] = [
  ['lat_0', 'latitude_of_center', [K.CenterLat, K.NatOriginLat], 'angle'], ['lonc', 'longitude_of_center', [K.CenterLong, K.NatOriginLong], 'angle'],
  ['alpha', 'azimuth', [K.AzimuthAngle], 'angle'], ['gamma', 'rectified_grid_angle', [K.RectifiedGridAngle], 'angle'],
  ['k_0', 'scale_factor', [K.ScaleAtCenter, K.ScaleAtNatOrigin], 'scale'], FE, FN,
];

/** GeoTIFF 1.1 coordinate transformation codes (7.5.2), with GDAL's 9815 for Hotine variant B. */
const METHODS: Readonly<Record<number, Method>> = {
  1: { proj: 'tmerc', wkt: 'Transverse_Mercator', params: [NAT_LAT, NAT_LON, SCALE, FE, FN] },
  3: { proj: 'omerc', wkt: 'Hotine_Oblique_Mercator', params: OMERC, extra: '+no_uoff' },
  9815: { proj: 'omerc', wkt: 'Hotine_Oblique_Mercator_Azimuth_Center', params: OMERC },
  7: { proj: 'merc', wkt: 'Mercator_1SP', params: [NAT_LON, SCALE, FE, FN] },
  8: { proj: 'lcc', wkt: 'Lambert_Conformal_Conic_2SP', params: [SP1, SP2, ORIGIN_LAT, ORIGIN_LON, FE, FN] },
  10: { proj: 'laea', wkt: 'Lambert_Azimuthal_Equal_Area', params: [CENTER_LAT, CENTER_LON, FE, FN] },
  11: {
    proj: 'aea', wkt: 'Albers_Conic_Equal_Area',
    params: [SP1, SP2, ['lat_0', 'latitude_of_center', [K.NatOriginLat, K.FalseOriginLat, K.CenterLat], 'angle'],
      ['lon_0', 'longitude_of_center', [K.NatOriginLong, K.FalseOriginLong, K.CenterLong], 'angle'], FE, FN],
  },
  12: { proj: 'aeqd', wkt: 'Azimuthal_Equidistant', params: [CENTER_LAT, CENTER_LON, FE, FN] },
  13: { proj: 'eqdc', wkt: 'Equidistant_Conic', params: [SP1, SP2, CENTER_LAT, CENTER_LON, FE, FN] },
  14: { proj: 'stere', wkt: 'Stereographic', params: [CENTER_LAT, CENTER_LON, SCALE, FE, FN] },
  16: { proj: 'sterea', wkt: 'Oblique_Stereographic', params: [NAT_LAT, NAT_LON, SCALE, FE, FN] },
  17: { proj: 'eqc', wkt: 'Equirectangular', params: [CENTER_LAT, CENTER_LON, ['lat_ts', 'standard_parallel_1', [K.StdParallel1], 'angle'], FE, FN] },
  18: { proj: 'cass', wkt: 'Cassini_Soldner', params: [NAT_LAT, NAT_LON, FE, FN] },
  19: { proj: 'gnom', wkt: 'Gnomonic', params: [CENTER_LAT, CENTER_LON, FE, FN] },
  20: { proj: 'mill', wkt: 'Miller_Cylindrical', params: [CENTER_LAT, CENTER_LON, FE, FN] },
  21: { proj: 'ortho', wkt: 'Orthographic', params: [CENTER_LAT, CENTER_LON, FE, FN] },
  22: { proj: 'poly', wkt: 'Polyconic', params: [NAT_LAT, NAT_LON, FE, FN] },
  23: { proj: 'robin', wkt: 'Robinson', params: [CENTER_LON, FE, FN] },
  24: { proj: 'sinu', wkt: 'Sinusoidal', params: [CENTER_LON, FE, FN] },
  25: { proj: 'vandg', wkt: 'VanDerGrinten', params: [CENTER_LON, FE, FN] },
  26: { proj: 'nzmg', wkt: 'New_Zealand_Map_Grid', params: [NAT_LAT, NAT_LON, FE, FN] },
  28: { proj: 'cea', wkt: 'Cylindrical_Equal_Area', params: [['lat_ts', 'standard_parallel_1', [K.StdParallel1], 'angle'], NAT_LON, FE, FN] },
};

const METHOD_NAMES: Readonly<Record<number, string>> = {
  2: 'Transverse Mercator (Modified Alaska)', 4: 'Laborde oblique Mercator', 5: 'Rosenmund oblique Mercator',
  6: 'spherical oblique Mercator', 27: 'south-oriented Transverse Mercator',
};

function num(keys: GeoKeys, id: number): number | undefined {
  const v = keys[id];
  return typeof v === 'number' ? v : undefined;
}

function text(keys: GeoKeys, id: number): string | undefined {
  const v = keys[id];
  return typeof v === 'string' ? v : undefined;
}

class Refusal extends Error {}

const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

// printf %.15g, as GDAL writes WKT numbers
const g = (v: number): string => String(Number(v.toPrecision(15)));

/** GDAL's reading of a 9110 (DDD.MMSSsss) angle. */
function fromDms(v: number): number {
  const sign = v < 0 ? -1 : 1;
  const a = Math.abs(v);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 100 + 1e-9);
  const s = (a - d - m / 100) * 10000;
  return sign * (d + m / 60 + s / 3600);
}

interface Units {
  readonly angle: (v: number) => number;
  readonly metresPerUnit: number;
  readonly unitName: string;
}

function angularUnits(keys: GeoKeys): (v: number) => number {
  const code = num(keys, K.GeogAngularUnits) ?? 9102;
  if (code === 9110) return fromDms;
  if (code === USER_DEFINED) {
    const size = num(keys, K.GeogAngularUnitSize) ?? refuse('GeogAngularUnitsGeoKey is user-defined without GeogAngularUnitSizeGeoKey');
    return (v) => (v * size * 180) / Math.PI;
  }
  const deg = DEGREES[code] ?? refuse(`angular unit ${code} is not one rasterduck knows`);
  return (v) => v * deg;
}

function linearUnits(keys: GeoKeys): { metres: number; name: string } {
  const code = num(keys, K.ProjLinearUnits) ?? 9001;
  if (code === USER_DEFINED) {
    const size = num(keys, K.ProjLinearUnitSize) ?? refuse('ProjLinearUnitsGeoKey is user-defined without ProjLinearUnitSizeGeoKey');
    return { metres: size, name: 'unknown' };
  }
  const metres = METRES[code] ?? refuse(`linear unit ${code} is not one rasterduck knows`);
  return { metres, name: code === 9001 ? 'metre' : code === 9002 ? 'foot' : code === 9003 ? 'US survey foot' : `unit ${code}` };
}

interface Base {
  /** The datum part of a proj string: +ellps/+a/+b/+rf/+datum, +towgs84, +pm. */
  readonly proj: string;
  /** GEOGCS[...] WKT1. */
  readonly wkt: string;
  readonly epsg?: number;
}

/** The base geographic CRS: an EPSG GeographicTypeGeoKey, a datum code, or an ellipsoid from the keys. */
function baseOf(keys: GeoKeys): Base {
  const code = num(keys, K.GeographicType);
  if (code !== undefined && code !== USER_DEFINED && code > 0 && code < USER_DEFINED) return epsgBase(code, 'GeographicTypeGeoKey');
  const datum = num(keys, K.GeogGeodeticDatum);
  const semiMajor = num(keys, K.GeogSemiMajorAxis);
  // libgeotiff: datum 6xxx is the datum of geographic CRS 4xxx
  if (datum !== undefined && datum >= 6001 && datum <= 6999 && semiMajor === undefined) return epsgBase(datum - 2000, 'GeogGeodeticDatumGeoKey');
  if (datum === 6326 && num(keys, K.GeogTOWGS84) === undefined) return epsgBase(4326, 'GeogGeodeticDatumGeoKey');
  return ellipsoidBase(keys);
}

function epsgBase(code: number, key: string): Base {
  const def = epsgDefinition(code);
  if (!def || !def.geographic) return refuse(`${key} ${code} is not an EPSG geographic CRS`);
  if (def.refused) return refuse(`its base CRS EPSG:${code} (${def.name}) cannot be transformed exactly: ${def.refused}`);
  const proj = def.proj.split(/\s+/).filter((t) => t !== '+proj=longlat' && t !== '+no_defs' && t !== '+type=crs').join(' ');
  return { proj, wkt: def.wkt.replace(/,AXIS\["[^"]*",[A-Z]+\]/g, ''), epsg: code };
}

function ellipsoidBase(keys: GeoKeys): Base {
  const code = num(keys, K.GeogEllipsoid);
  const known = code === undefined ? undefined : ELLIPSOIDS[code];
  const unit = num(keys, K.GeogLinearUnits) ?? 9001;
  const toMetres = unit === USER_DEFINED ? num(keys, K.GeogLinearUnitSize) ?? 1 : METRES[unit] ?? refuse(`linear unit ${unit} is not one rasterduck knows`);
  const a = (num(keys, K.GeogSemiMajorAxis) ?? known?.[0] ?? refuse('the ellipsoid has no semi-major axis (GeogSemiMajorAxisGeoKey) and no known EPSG code')) * (num(keys, K.GeogSemiMajorAxis) === undefined ? 1 : toMetres);
  const b = num(keys, K.GeogSemiMinorAxis);
  const rfKey = num(keys, K.GeogInvFlattening);
  const rf = rfKey ?? (b !== undefined ? (b * toMetres === a ? 0 : a / (a - b * toMetres)) : known?.[1] ?? 0);
  const towgs84 = keys[K.GeogTOWGS84];
  const shift = typeof towgs84 === 'number' ? [towgs84] : Array.isArray(towgs84) ? towgs84 : undefined;
  if (shift && shift.length !== 3 && shift.length !== 7) refuse(`GeogTOWGS84GeoKey has ${shift.length} values, not 3 or 7`);
  const pm = primeMeridian(keys);
  const ellps = rf === 0 ? `+R=${g(a)}` : `+a=${g(a)} +rf=${g(rf)}`;
  const proj = [ellps, shift ? `+towgs84=${shift.map(g).join(',')}` : '', pm ? `+pm=${g(pm)}` : ''].filter(Boolean).join(' ');
  const name = text(keys, K.GeogCitation)?.match(/GCS Name = ([^|]*)/)?.[1] ?? 'unknown';
  const wkt =
    `GEOGCS["${name}",DATUM["unknown",SPHEROID["unknown",${g(a)},${g(rf)}]${shift ? `,TOWGS84[${shift.map(g).join(',')}]` : ''}],` +
    `PRIMEM["${pm ? 'unknown' : 'Greenwich'}",${g(pm)}],UNIT["degree",0.0174532925199433]]`;
  return { proj, wkt };
}

function primeMeridian(keys: GeoKeys): number {
  const long = num(keys, K.GeogPrimeMeridianLong);
  if (long !== undefined) return angularUnits(keys)(long);
  const code = num(keys, K.GeogPrimeMeridian);
  if (code === undefined) return 0;
  return PRIME_MERIDIANS[code] ?? refuse(`prime meridian ${code} is not one rasterduck knows`);
}

function geographicCrs(keys: GeoKeys): { proj: string; wkt: string; baseEpsg?: number } {
  const unit = num(keys, K.GeogAngularUnits) ?? 9102;
  if (unit !== 9102 && unit !== 9122) refuse(`its coordinates are in angular unit ${unit}, not degrees, which proj4js cannot take as lon/lat`);
  const base = baseOf(keys);
  const proj = `+proj=longlat ${base.proj} +no_defs`;
  return { proj, wkt: base.wkt.replace(/\]$/, `,EXTENSION["PROJ4","${proj}"]]`), ...(base.epsg ? { baseEpsg: base.epsg } : {}) };
}

function paramValue(keys: GeoKeys, p: Param, units: Units): number | undefined {
  const [, , ids, kind] = p;
  const id = ids.find((i) => num(keys, i) !== undefined);
  if (id === undefined) return undefined;
  const v = num(keys, id) as number;
  // GDAL: false easting/northing are in the linear unit; proj4's x_0/y_0 are metres
  return kind === 'angle' ? units.angle(v) : kind === 'length' ? v * units.metresPerUnit : v;
}

/** Projection parameters as [proj key, WKT name, value]. */
function projectionParams(keys: GeoKeys, ct: number, units: Units): { method: Method; values: [string, string, number][] } {
  if (ct === 15) return polarStereographic(keys, units);
  if (ct === 9) {
    // LCC 1SP: the standard parallel is the latitude of natural origin
    const lat = paramValue(keys, NAT_LAT, units) ?? 0;
    const method: Method = { proj: 'lcc', wkt: 'Lambert_Conformal_Conic_1SP', params: [] };
    const rest = [NAT_LON, SCALE, FE, FN].map((p) => [p[0], p[1], paramValue(keys, p, units) ?? (p[3] === 'scale' ? 1 : 0)] as [string, string, number]);
    return { method, values: [['lat_1', 'latitude_of_origin', lat], ['lat_0', '', lat], ...rest] };
  }
  if (ct === 7 && num(keys, K.StdParallel1) !== undefined && num(keys, K.ScaleAtNatOrigin) === undefined) {
    const method: Method = { proj: 'merc', wkt: 'Mercator_2SP', params: [] };
    const values = [SP1, NAT_LON, FE, FN].map((p) => [p[0] === 'lat_1' ? 'lat_ts' : p[0], p[1], paramValue(keys, p, units) ?? 0] as [string, string, number]);
    return { method, values };
  }
  const method = METHODS[ct] ?? refuse(`ProjCoordTransGeoKey ${ct}${METHOD_NAMES[ct] ? ` (${METHOD_NAMES[ct]})` : ''} is not a method rasterduck transforms`);
  const values = method.params.map((p) => [p[0], p[1], paramValue(keys, p, units) ?? (p[3] === 'scale' ? 1 : 0)] as [string, string, number]);
  return { method, values };
}

/** GDAL's SetPS: |latitude| 90 is variant A (scale at the pole), else variant B with that standard parallel. */
function polarStereographic(keys: GeoKeys, units: Units): { method: Method; values: [string, string, number][] } {
  const lat = paramValue(keys, NAT_LAT, units) ?? 90;
  const lon = paramValue(keys, ['lon_0', 'central_meridian', [K.StraightVertPoleLong, K.NatOriginLong, K.CenterLong], 'angle'], units) ?? 0;
  const k = paramValue(keys, SCALE, units) ?? 1;
  const fe = paramValue(keys, FE, units) ?? 0;
  const fn = paramValue(keys, FN, units) ?? 0;
  const method: Method = { proj: 'stere', wkt: 'Polar_Stereographic', params: [] };
  const pole = lat < 0 ? -90 : 90;
  const values: [string, string, number][] = Math.abs(lat) === 90
    ? [['lat_0', '', pole], ['lat_ts', 'latitude_of_origin', lat], ['lon_0', 'central_meridian', lon], ['k_0', 'scale_factor', k]]
    : [['lat_0', '', pole], ['lat_ts', 'latitude_of_origin', lat], ['lon_0', 'central_meridian', lon]];
  return { method, values: [...values, ['x_0', 'false_easting', fe], ['y_0', 'false_northing', fn]] };
}

/** ProjectionGeoKey as an EPSG conversion code GDAL writes for UTM: 16001-16060 north, 16101-16160 south. */
function utmConversion(code: number): { method: Method; values: [string, string, number][] } | undefined {
  const zone = code >= 16001 && code <= 16060 ? code - 16000 : code >= 16101 && code <= 16160 ? code - 16100 : undefined;
  if (zone === undefined) return undefined;
  const method: Method = { proj: 'tmerc', wkt: 'Transverse_Mercator', params: [] };
  // the conversion's false easting is 500000 m whatever the CRS's linear unit
  return {
    method,
    values: [['lat_0', 'latitude_of_origin', 0], ['lon_0', 'central_meridian', zone * 6 - 183], ['k_0', 'scale_factor', 0.9996],
      ['x_0', 'false_easting', 500000], ['y_0', 'false_northing', code > 16100 ? 10000000 : 0]],
  };
}

function projectedCrs(keys: GeoKeys): { proj: string; wkt: string; baseEpsg?: number } {
  const linear = linearUnits(keys);
  const units: Units = { angle: angularUnits(keys), metresPerUnit: linear.metres, unitName: linear.name };
  const base = baseOf(keys);
  const projection = num(keys, K.Projection);
  const ct = num(keys, K.ProjCoordTrans);
  const fromCode = projection !== undefined && projection !== USER_DEFINED ? utmConversion(projection) : undefined;
  if (!fromCode && ct === undefined) {
    refuse(projection !== undefined && projection !== USER_DEFINED
      ? `ProjectionGeoKey ${projection} is an EPSG conversion rasterduck cannot expand (it expands UTM zones only)`
      : 'it has neither ProjCoordTransGeoKey nor an EPSG ProjectionGeoKey');
  }
  const { method, values } = fromCode ?? projectionParams(keys, ct as number, units);
  const unitsProj = linear.metres === 1 ? '+units=m' : `+to_meter=${g(linear.metres)}`;
  const proj = [`+proj=${method.proj}`, ...(method.extra ? [method.extra] : []), ...values.map(([k, , v]) => `+${k}=${g(v)}`), base.proj, unitsProj, '+no_defs'].join(' ');
  const name = text(keys, K.PCSCitation) ?? text(keys, K.GTCitation) ?? 'unknown';
  // WKT1 parameters are in the CRS's linear unit; the EXTENSION carries the exact proj string
  const params = values.filter(([, w]) => w !== '').map(([k, w, v]) => `PARAMETER["${w}",${g(k === 'x_0' || k === 'y_0' ? v / linear.metres : v)}]`);
  const wkt = `PROJCS["${name.replace(/"/g, "'")}",${base.wkt},PROJECTION["${method.wkt}"],${params.join(',')},` +
    `UNIT["${linear.name}",${g(linear.metres)}],AXIS["Easting",EAST],AXIS["Northing",NORTH],EXTENSION["PROJ4","${proj}"]]`;
  return { proj, wkt, ...(base.epsg ? { baseEpsg: base.epsg } : {}) };
}

/**
 * The CRS of user-defined GeoKeys: projected when GTModelTypeGeoKey is 1 (or a projected
 * key is set), geographic when 2. Never throws: what cannot be reproduced comes back as
 * `refused` with the reason.
 */
export function userDefinedCrs(keys: GeoKeys): UserDefinedCrs {
  try {
    const model = num(keys, K.GTModelType);
    const projected = model === 1 || (model === undefined && (keys[K.ProjCoordTrans] !== undefined || keys[K.ProjectedCSType] !== undefined));
    const crs = projected ? projectedCrs(keys) : geographicCrs(keys);
    return { kind: 'ok', ...crs };
  } catch (e) {
    if (e instanceof Refusal) return { kind: 'refused', reason: `its user-defined GeoKeys cannot be turned into a CRS rasterduck transforms exactly: ${e.message}` };
    throw e;
  }
}
