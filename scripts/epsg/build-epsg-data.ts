/**
 * Builds data/epsg-crs.json: every EPSG projected and geographic 2D CRS in PROJ's
 * database, as a proj string proj4js reproduces GDAL with, or the reason it cannot.
 *
 *   npx tsx scripts/epsg/build-epsg-data.ts [raw-export.json]
 *
 * 1. export-epsg.py (Debian's GDAL) gives each code's proj string (OSRExportToProj4), WKT1
 *    and 5 points of its area of use transformed by GDAL from WGS 84.
 * 2. proj4js transforms the same points with that proj string. Where it misses by more
 *    than the tolerance, GDAL applied a datum shift the proj string does not carry: the
 *    operations PROJ would use (projinfo) are tried in order as +towgs84 (Helmert) or
 *    none (a ballpark or null shift), and the first that reproduces every point is kept.
 * 3. What still misses is kept with the reason (no proj4js projection, a grid PROJ applies,
 *    the distance), and rasterduck refuses it with that reason instead of wrong coordinates.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type proj4Module from 'proj4';

const proj4 = createRequire(import.meta.url)('proj4') as typeof proj4Module;
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', '..', 'data', 'epsg-crs.json');
/** Metres (degrees are scaled by 111 km): the largest difference from GDAL accepted. */
// proj4js's inverse datum shift alone costs ~1-2 mm (its geocentric iteration), so 1 cm
const TOLERANCE_M = 1e-2;

interface RawCrs {
  name: string; proj: string; wkt: string; yx: boolean; geographic: boolean; deprecated: boolean;
  samples: [lon: number, lat: number, x: number, y: number][];
  /** Why GDAL could not write a proj string (a method PROJ cannot express as one). */
  proj_error: string | null;
}
interface Raw { versions: Record<string, string>; crs: Record<string, RawCrs>; failed: Record<string, string> }

function exportRaw(): Raw {
  const cached = process.argv[2];
  if (cached) return JSON.parse(fs.readFileSync(cached, 'utf8')) as Raw;
  const text = execFileSync('/usr/bin/python3', [path.join(here, 'export-epsg.py')], { maxBuffer: 1 << 30, encoding: 'utf8' });
  return JSON.parse(text) as Raw;
}

const wgs84 = proj4.Proj('+proj=longlat +datum=WGS84 +no_defs');

/** The largest distance in metres between proj4js and GDAL over the samples, both ways; Infinity when proj4js fails. */
function missMetres(proj: string, c: RawCrs): number {
  let conv: proj4Module.Converter;
  try {
    conv = proj4(wgs84, proj4.Proj(proj));
  } catch {
    return Infinity;
  }
  const scale = c.geographic ? 111_000 : 1;
  let max = 0;
  for (const [lon, lat, x, y] of c.samples) {
    try {
      const f = conv.forward([lon, lat]);
      const i = conv.inverse([x, y]);
      const e = Math.max(Math.hypot(f[0] - x, f[1] - y) * scale, Math.hypot(i[0] - lon, i[1] - lat) * 111_000);
      max = Number.isFinite(e) ? Math.max(max, e) : Infinity;
    } catch {
      return Infinity;
    }
  }
  return max;
}

/** The pipelines PROJ considers from the CRS to WGS 84, best first, with grids it does not have left out. */
function projOperations(code: string): string[] {
  try {
    const text = execFileSync('projinfo', ['-s', `EPSG:${code}`, '-t', 'EPSG:4326', '-o', 'PROJ', '--single-line', '-q',
      '--spatial-test', 'intersects', '--grid-check', 'discard_missing'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return text.split('\n').filter((l) => l.startsWith('+proj='));
  } catch {
    return [];
  }
}

/** +towgs84 parameters of a pipeline's one Helmert step (source to WGS 84), 'none' for a shift-free pipeline, undefined otherwise. */
function towgs84Of(pipeline: string): string | 'none' | undefined {
  const steps = pipeline.split(' +step ').slice(1);
  const shifts = steps.filter((s) => !/^(\+inv )?\+proj=(axisswap|unitconvert|push|pop|cart|noop)\b/.test(s) && !/\+proj=(tmerc|utm|lcc|longlat)\b/.test(s));
  const helmerts = steps.filter((s) => /\+proj=helmert\b/.test(s));
  if (helmerts.length === 0) return shifts.length === 0 && !/hgridshift|vgridshift|deformation|molodensky/.test(pipeline) ? 'none' : undefined;
  if (helmerts.length > 1 || /\+inv \+proj=helmert/.test(helmerts[0]) || /\+(t_epoch|dx|drx|ds)=/.test(helmerts[0])) return undefined;
  if (/hgridshift|vgridshift|molodensky/.test(pipeline)) return undefined;
  const value = (k: string): number => Number(new RegExp(`\\+${k}=(\\S+)`).exec(helmerts[0])?.[1] ?? 0);
  const frame = /convention=coordinate_frame/.test(helmerts[0]) ? -1 : 1;
  const params = [value('x'), value('y'), value('z'), frame * value('rx'), frame * value('ry'), frame * value('rz'), value('s')];
  return params.join(',');
}

/** The proj string with its datum replaced by the ellipsoid and a +towgs84 (or none). */
function withShift(proj: string, towgs84: string | 'none', ellps: string): string {
  const kept = proj.split(/\s+/).filter((t) => !/^\+(towgs84|datum|nadgrids|ellps|a|b|rf)=/.test(t));
  const shift = towgs84 === 'none' ? [] : [`+towgs84=${towgs84}`];
  return [...kept.filter((t) => t !== '+no_defs' && t !== '+type=crs'), ellps, ...shift, '+no_defs'].join(' ');
}

// proj4js's datum names, so a +datum=X can be replaced by its ellipsoid
const DATUM_ELLPS: Record<string, string> = { NAD27: '+ellps=clrk66', NAD83: '+ellps=GRS80', WGS84: '+ellps=WGS84', potsdam: '+ellps=bessel', carthage: '+ellps=clrk80ign', hermannskogel: '+ellps=bessel', ire65: '+ellps=mod_airy', nzgd49: '+ellps=intl', OSGB36: '+ellps=airy' };

function ellipsoidOf(proj: string): string | undefined {
  const tokens = proj.split(/\s+/);
  const ell = tokens.filter((t) => /^\+(ellps|a|b|rf)=/.test(t));
  if (ell.length) return ell.join(' ');
  const datum = /^\+datum=(\S+)/.exec(tokens.find((t) => t.startsWith('+datum=')) ?? '')?.[1];
  return datum ? DATUM_ELLPS[datum] : undefined;
}

function reasonFor(proj: string, c: RawCrs, operations: string[]): string {
  try {
    proj4.Proj(proj);
  } catch {
    return `proj4js has no ${/\+proj=(\S+)/.exec(proj)?.[1] ?? '?'} projection`;
  }
  const grid = operations.map((o) => /\+grids=(\S+)/.exec(o)?.[1]).find((g) => g);
  if (grid) return `PROJ shifts its datum with the grid ${grid}, which proj4js does not apply`;
  if (c.samples.length === 0) return 'GDAL could not transform points of its area of use';
  return `proj4js differs from GDAL by ${Number(missMetres(proj, c).toPrecision(2))} m in its area of use (a datum shift or projection variant proj4js lacks)`;
}

/** The end of the bracketed node that opens at `start` (the index of its '['). */
function closing(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '"') i = text.indexOf('"', i + 1);
    else if (text[i] === '[') depth++;
    else if (text[i] === ']' && --depth === 0) return i;
  }
  return -1;
}

/**
 * A projected WKT with its base GEOGCS written as `GEOGCS@<code>` when that is the base
 * code's own WKT without its AXIS nodes (epsg.ts expands it): 2 MB less, and checked here
 * by expanding it back.
 */
function compactWkt(wkt: string, geographic: Map<string, string>): string {
  const start = wkt.indexOf('GEOGCS[');
  if (!wkt.startsWith('PROJCS[') || start < 0) return wkt;
  const end = closing(wkt, start + 6);
  const inner = wkt.slice(start, end + 1);
  const code = /AUTHORITY\["EPSG","(\d+)"\]\]$/.exec(inner)?.[1];
  if (!code || geographic.get(code) !== inner) return wkt;
  return `${wkt.slice(0, start)}GEOGCS@${code}${wkt.slice(end + 1)}`;
}

/**
 * Each geographic code's Helmert transformations to WGS 84 in proj.db, as +towgs84 values
 * (position vector), so crs-identify.ts can tell codes apart by the TOWGS84 a file carries.
 */
function helmerts(): Record<string, number[][]> {
  const py = [
    'import json, sqlite3',
    'con = sqlite3.connect("/usr/share/proj/proj.db")',
    'rows = con.execute("SELECT source_crs_code, tx, ty, tz, rx, ry, rz, scale_difference, method_code FROM helmert_transformation WHERE source_crs_auth_name=\'EPSG\' AND target_crs_auth_name=\'EPSG\' AND target_crs_code=\'4326\' AND deprecated=0 AND method_code IN (\'9603\', \'9606\', \'9607\') ORDER BY code").fetchall()',
    'out = {}',
    'for c, *v, m in rows:',
    '  v = [x or 0 for x in v]',
    '  if m == "9607": v[3:6] = [-x for x in v[3:6]]',
    '  out.setdefault(c, []).append(v)',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' })) as Record<string, number[][]>;
}

function build(): void {
  const raw = exportRaw();
  const crs: Record<string, [name: string, proj: string, flags: number, wkt: string, refused?: string]> = {};
  const counts = { exact: 0, shifted: 0, refused: 0 };
  const geographic = new Map(Object.entries(raw.crs).filter(([, c]) => c.geographic).map(([k, c]) => [k, c.wkt.replace(/,AXIS\["[^"]*",[A-Z]+\]/g, '')]));
  for (const [code, c] of Object.entries(raw.crs)) {
    const flags = (c.yx ? 1 : 0) | (c.geographic ? 2 : 0) | (c.deprecated ? 4 : 0);
    let proj = c.proj;
    let refused: string | undefined;
    if (c.proj_error) {
      refused = `GDAL cannot write it as a proj string (${c.proj_error.replace(/^PROJ: proj_as_proj_string: /, '')})`;
      counts.refused++;
    } else if (missMetres(proj, c) > TOLERANCE_M) {
      const operations = projOperations(code);
      const ellps = ellipsoidOf(proj);
      const candidates = ellps ? operations.map(towgs84Of).filter((t): t is string => t !== undefined).map((t) => withShift(proj, t, ellps)) : [];
      const fit = candidates.find((p) => missMetres(p, c) <= TOLERANCE_M);
      if (fit) { proj = fit; counts.shifted++; } else { refused = reasonFor(proj, c, operations); counts.refused++; }
    } else counts.exact++;
    const wkt = compactWkt(c.wkt, geographic);
    crs[code] = refused ? [c.name, proj, flags, wkt, refused] : [c.name, proj, flags, wkt];
  }
  // codes GDAL cannot even import are left out: they read as unknown
  const versions = { ...raw.versions, tolerance_m: TOLERANCE_M, ...counts };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // one code per line, so a PROJ update shows as a readable diff
  const lines = Object.entries(crs).sort(([a], [b]) => Number(a) - Number(b)).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  const shifts = Object.entries(helmerts()).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  fs.writeFileSync(out, `{"versions":${JSON.stringify(versions)},\n"crs":{\n${lines.join(',\n')}\n},\n"helmert":{\n${shifts.join(',\n')}\n}}\n`);
  console.log(out, versions);
}

build();
