/**
 * rasterduck's georeferencing convention for Zarr rasters, chosen so each common reader
 * finds what it looks for, with nothing invented:
 *
 * - xarray: `dimension_names` on every array (Zarr v3), and 1-D coordinate arrays named
 *   after their dimension (`x`, `y` pixel centres; `time` in CF "days since 1970-01-01"
 *   with `time_bounds`; `band` names as strings).
 * - CF / rioxarray / odc-geo / GDAL: the data array's `grid_mapping: "spatial_ref"` names a
 *   0-d array whose attributes hold `crs_wkt` and `spatial_ref` (WKT) and `GeoTransform`
 *   (GDAL's order, space-separated), as rioxarray writes them.
 * - GeoZarr conventions (zarr-conventions `proj:` and `spatial:`, listed in
 *   `zarr_conventions`): `proj:code` (`EPSG:4326`) or `proj:wkt2`/`proj:projjson`, and
 *   `spatial:dimensions` `["y","x"]`, `spatial:transform` (rasterio's a..f, which is that
 *   convention's order), `spatial:shape`, `spatial:bbox`, `spatial:registration: "pixel"`.
 *
 * rasterduck itself reads the `proj:` and `spatial:` attributes back.
 */
import { InputError } from '../errors.js';
import { toGdal, type Affine } from '../geo/affine.js';
import { resolveCrs, type CrsInput } from '../geo/crs.js';
import { epsgToWkt } from '../geo/epsg.js';

/** A north-up pixel grid: its CRS, pixel-to-map transform (rasterio order) and size in pixels. */
export interface RasterGrid {
  readonly crs: CrsInput;
  readonly transform: Affine;
  readonly width: number;
  readonly height: number;
}

/** The name of the 0-d CF grid-mapping array. */
export const GRID_MAPPING = 'spatial_ref';

const CONVENTIONS = [
  {
    schema_url: 'https://raw.githubusercontent.com/zarr-conventions/geo-proj/refs/tags/v1/schema.json',
    spec_url: 'https://github.com/zarr-conventions/geo-proj/blob/v1/README.md',
    uuid: 'f17cb550-5864-4468-aeb7-f3180cfb622f',
    name: 'proj:',
    description: 'Coordinate reference system information for geospatial data',
  },
  {
    schema_url: 'https://raw.githubusercontent.com/zarr-conventions/spatial/refs/tags/v1/schema.json',
    spec_url: 'https://github.com/zarr-conventions/spatial/blob/v1/README.md',
    uuid: '689b58e2-cf7b-45e0-9fff-9cfc0883d6b4',
    name: 'spatial:',
    description: 'Spatial coordinate information',
  },
];

/** How a CRS is written: an authority code when there is one, WKT (and PROJJSON when given as such). */
export interface CrsText {
  readonly code?: string;
  readonly wkt?: string;
  readonly projjson?: unknown;
  readonly geographic: boolean;
}

const WKT2_ROOT = /^\s*(GEOGCRS|GEODCRS|PROJCRS|BOUNDCRS|COMPOUNDCRS|ENGCRS|VERTCRS)\s*\[/i;

/**
 * Resolves a CRS into the texts the convention stores.
 * @throws InputError when the CRS cannot be resolved, or has neither an EPSG code nor WKT.
 */
export function crsText(input: CrsInput): CrsText {
  const crs = resolveCrs(input);
  const given = String(input).trim();
  const wkt = crs.epsg !== undefined ? epsgToWkt(crs.epsg) : given.includes('[') ? given : undefined;
  const projjson = given.startsWith('{') ? (JSON.parse(given) as unknown) : undefined;
  if (crs.id === undefined && wkt === undefined && projjson === undefined) {
    throw new InputError({ reason: `CRS '${given}' has no EPSG code or WKT to store`, hint: "Pass it as 'EPSG:<code>' or WKT" });
  }
  return { ...(crs.id ? { code: crs.id } : {}), ...(wkt ? { wkt } : {}), ...(projjson ? { projjson } : {}), geographic: crs.geographic };
}

/**
 * The georeferencing attributes of a data array whose last two dimensions are y and x.
 * @throws InputError for a rotated transform (Zarr coordinates here are 1-D x and y).
 */
export function rasterAttributes(grid: RasterGrid, crs: CrsText): Record<string, unknown> {
  const t = checkNorthUp(grid.transform);
  const xs = [t.c, t.c + t.a * grid.width];
  const ys = [t.f, t.f + t.e * grid.height];
  const wkt2 = crs.wkt !== undefined && WKT2_ROOT.test(crs.wkt) ? { 'proj:wkt2': crs.wkt } : {};
  return {
    zarr_conventions: CONVENTIONS,
    ...(crs.code ? { 'proj:code': crs.code } : {}),
    ...wkt2,
    ...(crs.projjson ? { 'proj:projjson': crs.projjson } : {}),
    'spatial:dimensions': ['y', 'x'],
    'spatial:transform': [t.a, t.b, t.c, t.d, t.e, t.f],
    'spatial:shape': [grid.height, grid.width],
    'spatial:bbox': [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    'spatial:registration': 'pixel',
    grid_mapping: GRID_MAPPING,
    // xarray reads this CF attribute to keep spatial_ref as a coordinate, as rioxarray writes it
    coordinates: GRID_MAPPING,
  };
}

/** The attributes of the CF grid-mapping array, as rioxarray writes them. */
export function gridMappingAttributes(grid: RasterGrid, crs: CrsText): Record<string, unknown> {
  const wkt = crs.wkt ?? '';
  return { crs_wkt: wkt, spatial_ref: wkt, GeoTransform: toGdal(checkNorthUp(grid.transform)).join(' ') };
}

/** Pixel-centre coordinates along x (`axis: "x"`, `width` values) or y, with CF attributes. */
export function axisCoordinate(grid: RasterGrid, axis: 'x' | 'y', geographic: boolean): { values: Float64Array; attributes: Record<string, unknown> } {
  const t = checkNorthUp(grid.transform);
  const [n, step, origin] = axis === 'x' ? [grid.width, t.a, t.c] : [grid.height, t.e, t.f];
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = origin + step * (i + 0.5);
  const cf = geographic
    ? { standard_name: axis === 'x' ? 'longitude' : 'latitude', units: axis === 'x' ? 'degrees_east' : 'degrees_north' }
    : { standard_name: `projection_${axis}_coordinate`, units: 'metre' };
  return { values, attributes: { ...cf, long_name: `${axis} coordinate of pixel centres`, axis: axis.toUpperCase() } };
}

function checkNorthUp(t: Affine): Affine {
  if (t.b !== 0 || t.d !== 0 || !(t.a !== 0 && t.e !== 0)) {
    throw new InputError({ reason: `transform [${t.a}, ${t.b}, ${t.c}, ${t.d}, ${t.e}, ${t.f}] is rotated or degenerate`, hint: 'Write Zarr rasters on a north-up grid (b = d = 0)' });
  }
  return t;
}
