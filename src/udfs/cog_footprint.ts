/**
 * cog_footprint and cog_intersects: where a COG lies, from its cached cog_metadata struct
 * alone (no request). cog_footprint is the lon/lat polygon that covers every pixel (for
 * collection geometry and lon/lat prefilters); cog_intersects is the exact test, made in
 * the raster's own CRS, that read_chips and sample_points pair geometries with scenes by.
 */
import { BOOLEAN, DOUBLE, GEOMETRY, INTEGER, LIST, STRUCT, VARCHAR, ANY } from '../duckdb.js';
import { InputError } from '../errors.js';
import { IDENTITY, fromRasteret, type Affine, type RasteretTransform } from '../geo/affine.js';
import { gridFootprint } from '../geo/footprint.js';
import { intersectsGrid, type RasterGrid } from '../geo/raster-grid.js';
import { readWkb, toWkb } from '../geo/wkb.js';
import { scalar, type FunctionDef, type JsValue } from './define.js';

/** The grid fields of a cog_metadata struct (older records may lack affine or crs_wkt). */
interface GridFields {
  readonly image_width?: number;
  readonly image_height?: number;
  readonly affine?: number[] | null;
  readonly transform?: number[] | null;
  readonly crs_epsg?: number | null;
  readonly crs_wkt?: string | null;
}

/** The grid of a metadata struct; its CRS is chosen as read_chip chooses it (EPSG code, else WKT). */
function gridOf(meta: JsValue): RasterGrid {
  if (!meta || typeof meta !== 'object' || meta instanceof Uint8Array) {
    throw new InputError({ reason: 'the first argument must be a cog_metadata struct (e.g. red_metadata)' });
  }
  const m = meta as GridFields;
  if (typeof m.image_width !== 'number' || typeof m.image_height !== 'number') {
    throw new InputError({ reason: 'the struct has no image_width and image_height, so it is not a cog_metadata record' });
  }
  const [a, b, c, d, e, f] = m.affine ?? [];
  const affine: Affine = m.affine ? { a, b, c, d, e, f } : m.transform?.length === 4 ? fromRasteret(m.transform as unknown as RasteretTransform) : IDENTITY;
  const crs = m.crs_epsg != null ? `EPSG:${m.crs_epsg}` : (m.crs_wkt ?? null);
  return { affine, width: m.image_width, height: m.image_height, crs };
}

function intersectsRow(meta: JsValue, geom: Uint8Array, crs?: string): boolean {
  const { geometry, srid } = readWkb(geom);
  // as read_chip: the CRS given, else the geometry's EWKB SRID, else the raster's own
  return intersectsGrid(geometry, crs ?? (srid ? `EPSG:${srid}` : null), gridOf(meta));
}

const INTERSECTS =
  "True when a geometry overlaps a COG's raster, tested exactly in the raster's own CRS (the geometry reprojected as read_chip does), from its cog_metadata struct; read_chips and sample_points pair geometries with scenes by it.";

/** A grid as a small struct, which gridOf reads back: cheap to convert on every row of a join. */
const GRID = STRUCT({ image_width: INTEGER, image_height: INTEGER, affine: LIST(DOUBLE), crs_epsg: INTEGER, crs_wkt: VARCHAR });

export const COG_FOOTPRINT_FUNCTIONS: readonly FunctionDef[] = [
  scalar({
    name: 'rasterduck_grid',
    internal: true,
    summary:
      "The grid of a cog_metadata struct (Rasteret's 17 fields or rasterduck's) as STRUCT(image_width, image_height, affine, crs_epsg, crs_wkt): computed once per scene, it spares cog_intersects converting the whole metadata struct on every (geometry, scene) pair.",
    params: [{ name: 'meta', type: ANY }], returns: GRID,
    each: (meta: JsValue) => {
      const g = gridOf(meta);
      const epsg = g.crs?.startsWith('EPSG:') ? Number(g.crs.slice(5)) : null;
      const { a, b, c, d, e, f } = g.affine;
      return { image_width: g.width, image_height: g.height, affine: [a, b, c, d, e, f], crs_epsg: epsg, crs_wkt: epsg === null ? g.crs : null };
    },
  }),
  scalar({
    name: 'cog_footprint',
    summary:
      "The lon/lat polygon covering every pixel of a COG, from its cog_metadata struct: edges densified and grown 1 pixel so that curved grid edges stay inside; a MULTIPOLYGON split at the antimeridian, up to ±90 around a pole; NULL without a CRS.",
    params: [{ name: 'meta', type: ANY }], returns: GEOMETRY,
    example: { sql: "SELECT ST_AsText(ST_Envelope(cog_footprint({'image_width': 2, 'image_height': 1, 'affine': [1, 0, 10, 0, -1, 50], 'crs_epsg': 4326})))", expect: 'POLYGON ((9 48, 13 48, 13 51, 9 51, 9 48))' },
    each: (meta: JsValue) => {
      const footprint = gridFootprint(gridOf(meta));
      return footprint ? toWkb(footprint) : null;
    },
  }),
  scalar({
    name: 'cog_intersects', summary: `${INTERSECTS} The geometry is in the raster's CRS (or its EWKB SRID's).`,
    params: [{ name: 'meta', type: ANY }, { name: 'geom', type: GEOMETRY }], returns: BOOLEAN,
    each: (meta: JsValue, geom: Uint8Array) => intersectsRow(meta, geom),
  }),
  scalar({
    name: 'cog_intersects', summary: `${INTERSECTS} This form reprojects the geometry from geom_crs (e.g. 'EPSG:4326', lon/lat as x/y).`,
    params: [{ name: 'meta', type: ANY }, { name: 'geom', type: GEOMETRY }, { name: 'geom_crs', type: VARCHAR }], returns: BOOLEAN,
    example: { sql: "SELECT cog_intersects({'image_width': 10, 'image_height': 10, 'affine': [100, 0, 500000, 0, -100, 7000000], 'crs_epsg': 32633}, ST_Point(15.01, 63.1293), 'EPSG:4326')", expect: true },
    each: (meta: JsValue, geom: Uint8Array, crs: string) => intersectsRow(meta, geom, crs),
  }),
];
