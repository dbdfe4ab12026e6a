/**
 * Reading what a CRS text names without building it: an EPSG code in any of its common
 * spellings, the authority of a WKT or PROJJSON definition, and a WKT's axis order.
 * Pure string work; crs.ts hands the rest to proj4.
 */
import { builtInEpsgCodes, epsgDefinition } from './epsg.js';

/** The CRS names that mean WGS 84 longitude/latitude (x = lon), as GeoParquet and GeoJSON use. */
const CRS84_NAMES = new Set(['OGC:CRS84', 'CRS:84', 'URN:OGC:DEF:CRS:OGC:1.3:CRS84', 'URN:OGC:DEF:CRS:OGC::CRS84', 'HTTP://WWW.OPENGIS.NET/DEF/CRS/OGC/1.3/CRS84']);

const EPSG_CODE = [
  /^EPSG:(\d+)$/i,
  /^(\d+)$/,
  /^urn:ogc:def:crs:EPSG:[\d.]*:(\d+)$/i,
  /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/(\d+)$/i,
];

/** True when the text names OGC:CRS84 (in any of its spellings). */
export function isCrs84Name(text: string): boolean {
  return CRS84_NAMES.has(text.trim().toUpperCase());
}

/** The EPSG code a short name spells ('EPSG:4326', '4326', an OGC URN or URL), or undefined. */
export function epsgFromName(text: string): number | undefined {
  for (const re of EPSG_CODE) {
    const m = re.exec(text.trim());
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** One bracketed node directly under a WKT's root, such as `AXIS["Latitude",NORTH]`. */
export interface WktNode {
  readonly keyword: string;
  /** The comma-separated arguments, unquoted; a nested node shows only as its keyword. */
  readonly args: readonly string[];
}

/**
 * The nodes directly inside a WKT's root node (depth 1), where the root's own AUTHORITY,
 * ID and AXIS live; nested definitions (the GEOGCS inside a PROJCS) are skipped.
 */
export function wktRootNodes(wkt: string): WktNode[] {
  // every row of a read names its raster's CRS by the same few WKTs: parsed once each
  let nodes = parsedWkt.get(wkt);
  if (nodes === undefined) {
    if (parsedWkt.size >= PARSED_WKT_LIMIT) parsedWkt.clear();
    parsedWkt.set(wkt, (nodes = parseRootNodes(wkt)));
  }
  return nodes;
}

const PARSED_WKT_LIMIT = 256;
const parsedWkt = new Map<string, WktNode[]>();

function parseRootNodes(wkt: string): WktNode[] {
  const nodes: WktNode[] = [];
  let depth = 0;
  let keyword = '';
  let current: { keyword: string; args: string[]; arg: string } | undefined;
  for (let i = 0; i < wkt.length; i++) {
    const ch = wkt[i];
    if (ch === '"') {
      const end = wkt.indexOf('"', i + 1);
      if (end < 0) break;
      if (current && depth === 2) current.arg += wkt.slice(i + 1, end);
      i = end;
    } else if (ch === '[' || ch === '(') {
      depth++;
      if (depth === 2) current = { keyword: keyword.trim().toUpperCase(), args: [], arg: '' };
      keyword = '';
    } else if (ch === ']' || ch === ')') {
      if (depth === 2 && current) nodes.push({ keyword: current.keyword, args: [...current.args, current.arg.trim()] });
      depth--;
      keyword = '';
    } else if (ch === ',') {
      if (depth === 2 && current) { current.args.push(current.arg.trim()); current.arg = ''; }
      keyword = '';
    } else if (depth === 2 && current) {
      current.arg += ch;
    } else {
      keyword += ch;
    }
  }
  return nodes;
}

function epsgFromWkt(wkt: string): number | undefined {
  // WKT1 roots carry AUTHORITY["EPSG","4326"], WKT2 roots ID["EPSG",4326]; the last one is the root's own
  const ids = wktRootNodes(wkt).filter((n) => (n.keyword === 'AUTHORITY' || n.keyword === 'ID') && n.args[0]?.toUpperCase() === 'EPSG');
  const code = Number(ids.at(-1)?.args[1]);
  return Number.isInteger(code) && code > 0 ? code : undefined;
}

/**
 * The axis order a WKT's root declares: 'yx' when its first AXIS points north or south
 * (EPSG:4326 latitude first, EPSG:3035 northing first), 'xy' when it points east or west,
 * undefined when it declares no axes.
 */
export function wktAxisOrder(wkt: string): 'xy' | 'yx' | undefined {
  const [first, second] = wktRootNodes(wkt).filter((n) => n.keyword === 'AXIS');
  const direction = first?.args[1]?.toUpperCase();
  // polar grids point both axes the same way (GDAL: AXIS["Easting",SOUTH],AXIS["Northing",SOUTH]
  // for EPSG:3413), so their names say which comes first
  if (direction && direction === second?.args[1]?.toUpperCase()) return /^(n|lat)/i.test(first.args[0] ?? '') ? 'yx' : 'xy';
  if (direction === 'NORTH' || direction === 'SOUTH') return 'yx';
  if (direction === 'EAST' || direction === 'WEST') return 'xy';
  return undefined;
}

function epsgFromProjJson(text: string): number | undefined {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null) return undefined;
    const { id, ids } = json as { id?: { authority?: unknown; code?: unknown }; ids?: { authority?: unknown; code?: unknown }[] };
    const found = [id, ...(Array.isArray(ids) ? ids : [])].find((i) => i?.authority === 'EPSG');
    return typeof found?.code === 'number' ? found.code : undefined;
  } catch {
    return undefined;
  }
}

// proj strings compare as sets of +key=value tokens, without the ones that change nothing
function projTokens(proj: string): string {
  const ignored = new Set(['+no_defs', '+type=crs', '+wktext', '+units=m']);
  return proj.trim().split(/\s+/).map((t) => t.toLowerCase()).filter((t) => !ignored.has(t)).sort().join(' ');
}

// proj string -> the one EPSG code with that string; 0 where several codes share it
let byProj: Map<string, number> | undefined;

function codesByProj(): Map<string, number> {
  const map = new Map<string, number>();
  for (const code of builtInEpsgCodes()) {
    const def = epsgDefinition(code);
    if (!def?.proj || def.deprecated) continue;
    const key = projTokens(def.proj);
    map.set(key, map.has(key) ? 0 : code);
  }
  return map;
}

function epsgFromProjString(proj: string): number | undefined {
  const init = /\+init=epsg:(\d+)/i.exec(proj);
  if (init) return Number(init[1]);
  const code = (byProj ??= codesByProj()).get(projTokens(proj));
  return code ? code : undefined;
}

/**
 * The EPSG code a CRS text names, or undefined: an 'EPSG:n' spelling, the root AUTHORITY
 * or ID of a WKT, the `id` of PROJJSON, `+init=epsg:n`, or a proj string equal to the
 * definition of exactly one current EPSG code (`+proj=utm +zone=33 +datum=WGS84` is
 * 32633; a string several codes share names none). OGC:CRS84 is not
 * EPSG:4326 (its axes are lon/lat), so it gives undefined.
 */
export function crsToEpsg(text: string): number | undefined {
  const t = text.trim();
  if (t.startsWith('{')) return epsgFromProjJson(t);
  if (t.startsWith('+')) return epsgFromProjString(t);
  if (t.includes('[')) return epsgFromWkt(t);
  return epsgFromName(t);
}
