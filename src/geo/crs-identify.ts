/**
 * Which EPSG code a CRS given by parameters is, as rasterio's `CRS.to_epsg()` (PROJ's
 * identify) names the user-defined CRS of a GeoTIFF: the same projection method, ellipsoid
 * and parameters as exactly one current EPSG code. The datum shift is not compared (PROJ
 * matches a '+ellps=intl +towgs84=-87,-98,-121' UTM zone to ED50's), and a definition that
 * several codes share names none, since PROJ's pick among them is not knowable here. When
 * the keys name the base geographic CRS (NAD83 for a Conus Albers), only codes on that base
 * count, as PROJ then matches the datum too; when the keys carry a TOWGS84 instead, the code
 * whose datum has that Helmert shift to WGS 84 in PROJ's database (ED50's -87,-98,-121).
 */
import { createRequire } from 'node:module';
import type proj4Module from 'proj4';
import { builtInEpsgCodes, epsgDefinition, epsgHelmerts } from './epsg.js';

type Projection = InstanceType<typeof proj4Module.Proj> & Record<string, unknown>;

// the numbers proj4js derives from a definition that decide where a point lands
const FIELDS = ['lat0', 'long0', 'lat1', 'lat2', 'lat_ts', 'k0', 'x0', 'y0', 'alpha', 'rectified_grid_angle', 'longc', 'to_meter', 'from_greenwich', 'a', 'es'] as const;
const DEFAULTS: Readonly<Record<string, number>> = { k0: 1, to_meter: 1 };

let proj4: typeof proj4Module | undefined;
let index: Map<string, { code: number; base?: number }[]> | undefined;

function parse(proj: string): Projection | undefined {
  proj4 ??= createRequire(import.meta.url)('proj4') as typeof proj4Module;
  try {
    return new proj4.Proj(proj) as Projection;
  } catch {
    return undefined;
  }
}

function value(p: Projection, field: string): number {
  const v = p[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : DEFAULTS[field] ?? 0;
}

/** A key equal for definitions proj4js computes identically: method and every field to 1e-9 (relative). */
function signature(p: Projection): string {
  const name = p.projName === 'utm' ? 'tmerc' : String(p.projName);
  const numbers = FIELDS.map((f) => {
    const v = value(p, f);
    return v === 0 ? '0' : v.toPrecision(10);
  });
  // proj4js leaves lat1 at lat0 and ignores it for methods without standard parallels
  return [name, ...numbers].join('|');
}

/** The EPSG code of a projected WKT1's GEOGCS. */
function baseOf(wkt: string): number | undefined {
  const m = /GEOGCS\[.*?AUTHORITY\["EPSG","(\d+)"\]\],PROJECTION/.exec(wkt);
  return m ? Number(m[1]) : undefined;
}

function codesBySignature(): Map<string, { code: number; base?: number }[]> {
  const map = new Map<string, { code: number; base?: number }[]>();
  for (const code of builtInEpsgCodes()) {
    const def = epsgDefinition(code);
    if (!def?.proj || def.deprecated || def.geographic) continue;
    const p = parse(def.proj);
    if (!p) continue;
    const key = signature(p);
    map.set(key, [...(map.get(key) ?? []), { code, base: baseOf(def.wkt) }]);
  }
  return map;
}

/**
 * The one current EPSG projected CRS equal to a proj string's projection (see the module
 * comment), on the base geographic CRS `baseEpsg` when given, or undefined. Geographic CRSs are not identified: GDAL writes an EPSG
 * GeographicTypeGeoKey whenever it knows one.
 */
export function identifyEpsg(proj: string, baseEpsg?: number): number | undefined {
  const p = parse(proj);
  if (!p || p.projName === 'longlat') return undefined;
  const all = (index ??= codesBySignature()).get(signature(p)) ?? [];
  const codes = baseEpsg === undefined ? all : all.filter((c) => c.base === baseEpsg);
  if (codes.length === 1) return codes[0].code;
  // several codes on one ellipsoid: the one whose datum has the file's TOWGS84 among its shifts
  const shift = /\+towgs84=(\S+)/.exec(proj)?.[1].split(',').map(Number);
  if (!shift || baseEpsg !== undefined) return undefined;
  const seven = [...shift, 0, 0, 0, 0].slice(0, 7);
  const same = (h: readonly number[]) => h.every((v, i) => Math.abs(v - seven[i]) < 1e-9);
  const byShift = codes.filter((c) => c.base !== undefined && epsgHelmerts(c.base).some(same));
  return byShift.length === 1 ? byShift[0].code : undefined;
}
