/**
 * Every EPSG projected and geographic 2D CRS, from data/epsg-crs.json: generated from
 * PROJ's database through GDAL by scripts/epsg/build-epsg-data.ts, which records the GDAL,
 * PROJ and EPSG versions in the file. Each code has GDAL's proj string (with the Helmert
 * shift PROJ applies written as +towgs84 where GDAL's string leaves it out) and GDAL's WKT1,
 * or the reason proj4js cannot reproduce GDAL's coordinates for it (a projection proj4js
 * lacks, a grid shift, a variant it computes differently), which resolveCrs turns into a
 * refusal instead of wrong coordinates. Loaded on first use (3.7 MB of JSON, ~40 ms).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

/** One EPSG coordinate reference system. */
export interface EpsgDefinition {
  readonly code: number;
  readonly name: string;
  /** proj4 string: GDAL's `OSRExportToProj4`, plus the +towgs84 PROJ uses when GDAL's string has none. */
  readonly proj: string;
  /** OGC WKT1, as GDAL 3.6's `OSRExportToWkt` writes it. */
  readonly wkt: string;
  /** The authority's axis order: 'yx' when the first axis points north (lat/lon, northing/easting). */
  readonly axisOrder: 'xy' | 'yx';
  readonly geographic: boolean;
  readonly deprecated: boolean;
  /** Why proj4js cannot transform it as GDAL does; undefined when it can (within 1 cm). */
  readonly refused?: string;
}

/** The versions the data was generated from, and how many codes it holds. */
export interface EpsgDataVersions {
  readonly gdal: string;
  readonly proj: string;
  readonly epsg: string;
  readonly epsg_date: string;
  readonly tolerance_m: number;
  readonly exact: number;
  readonly shifted: number;
  readonly refused: number;
}

/** One row of data/epsg-crs.json: name, proj string, flags (1 yx, 2 geographic, 4 deprecated), WKT, refusal. */
type Row = readonly [name: string, proj: string, flags: number, wkt: string, refused?: string];

interface EpsgData {
  readonly versions: EpsgDataVersions;
  readonly crs: Readonly<Record<string, Row>>;
  /** Geographic code -> its Helmert transformations to WGS 84 in PROJ's database, as +towgs84 values. */
  readonly helmert?: Readonly<Record<string, readonly (readonly number[])[]>>;
}

let data: EpsgData | undefined;

function load(): EpsgData {
  // src/geo and dist/geo both sit two levels below the package root, beside data/
  return (data ??= JSON.parse(readFileSync(new URL('../../data/epsg-crs.json', import.meta.url), 'utf8')) as EpsgData);
}

/** The GDAL, PROJ and EPSG versions behind the definitions. */
export function epsgDataVersions(): EpsgDataVersions {
  return load().versions;
}

// a projected WKT stores its base GEOGCS as GEOGCS@<code>: that code's WKT without its AXIS nodes
function expandWkt(wkt: string, crs: EpsgData['crs']): string {
  return wkt.replace(/GEOGCS@(\d+)/, (_, code: string) => (crs[code]?.[3] ?? '').replace(/,AXIS\["[^"]*",[A-Z]+\]/g, ''));
}

/** The definition of an EPSG code, or undefined when PROJ's database has no such CRS. */
export function epsgDefinition(code: number): EpsgDefinition | undefined {
  const { crs } = load();
  const row = crs[String(code)];
  if (!row) return undefined;
  const [name, proj, flags, wkt, refused] = row;
  return {
    code, name, proj, wkt: expandWkt(wkt, crs), axisOrder: flags & 1 ? 'yx' : 'xy', geographic: (flags & 2) !== 0,
    deprecated: (flags & 4) !== 0, ...(refused ? { refused } : {}),
  };
}

/** The Helmert transformations to WGS 84 PROJ's database has for a geographic code, as 7 +towgs84 values each. */
export function epsgHelmerts(code: number): readonly (readonly number[])[] {
  return load().helmert?.[String(code)] ?? [];
}

/** Every code in the data, in ascending order (for tests and docs). */
export function builtInEpsgCodes(): number[] {
  return Object.keys(load().crs).map(Number).sort((a, b) => a - b);
}

/** The error for a code PROJ's database does not have, saying how to pass the CRS instead. */
export function unknownEpsgError(code: number): InputError {
  const { versions } = load();
  return new InputError({
    reason: `EPSG:${code} is not a projected or geographic 2D CRS in the EPSG dataset (${versions.epsg}, PROJ ${versions.proj})`,
    hint: `Pass its proj string or WKT instead, e.g. from \`gdalsrsinfo -o proj4 EPSG:${code}\``,
  });
}

/** The error for a code proj4js cannot transform as GDAL does. */
export function refusedEpsgError(def: EpsgDefinition): InputError {
  return new InputError({
    reason: `EPSG:${def.code} (${def.name}) cannot be transformed exactly: ${def.refused}`,
    hint: 'Warp the raster to a CRS rasterduck transforms exactly (gdalwarp -t_srs EPSG:4326 or a UTM zone), or give the geometry in the raster\'s own CRS (no geom_crs)',
  });
}

/**
 * OGC WKT1 for an EPSG code, as GDAL's ExportToWkt writes it (for `crs_wkt` metadata);
 * also for codes whose transforms are refused, since the WKT still names the CRS.
 * @throws InputError for a code that PROJ's database lacks.
 */
export function epsgToWkt(code: number): string {
  const def = epsgDefinition(code);
  if (!def) throw unknownEpsgError(code);
  return def.wkt;
}
