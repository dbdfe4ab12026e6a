/**
 * The commonest mistakes give an error naming the fix instead of NULL or zero rows
 * (issue 12): a lon/lat geometry without geom_crs on a projected raster, a UTM label table
 * under the default geometry_crs, a band the collection has no metadata for, a reversed
 * date range, scenes without footprints; and `row N` counts from the start of the query's
 * input, not from the start of each 2,048-row chunk. Extents come from rasterio.
 */
import { execFileSync } from 'node:child_process';
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { fixturePath } from '../fixtures/fixtures.js';

const COG = fixturePath('cog_deflate_u16_pred2_ovr_nodata0_32633.tif');
let con: DuckDBConnection;
const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS();

/** rasterio's bounds of a file, in its CRS and in lon/lat. */
function boundsOf(file: string): { native: number[]; lonlat: number[] } {
  const py = `
import json, sys, rasterio
from rasterio.warp import transform_bounds
with rasterio.open(sys.argv[1]) as s:
    print(json.dumps({"native": list(s.bounds), "lonlat": list(transform_bounds(s.crs, "EPSG:4326", *s.bounds))}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' }));
}

/** A box in the middle tenth of bounds [xmin, ymin, xmax, ymax]. */
function middleBox([x0, y0, x1, y1]: number[]): string {
  const [w, h] = [x1 - x0, y1 - y0];
  return `ST_MakeEnvelope(${x0 + 0.45 * w}, ${y0 + 0.45 * h}, ${x0 + 0.55 * w}, ${y0 + 0.55 * h})`;
}

let cog: { native: number[]; lonlat: number[] };

beforeAll(async () => {
  con = await connect();
  cog = boundsOf(COG);
  await rows(`CREATE TABLE coll AS SELECT 's1' AS id, TIMESTAMPTZ '2024-05-01' AS datetime, m AS red_metadata, m AS nir_metadata, cog_footprint(m) AS geometry
              FROM (SELECT cog_metadata('${COG}') AS m)`);
  await rows(`CREATE TABLE labels_utm AS SELECT 7 AS field_id, ${middleBox(cog.native)} AS geometry`);
  await rows(`CREATE TABLE labels AS SELECT 7 AS field_id, ${middleBox(cog.lonlat)} AS geometry`);
});

describe('row numbers count from the start of the query input', () => {
  it('names row 3000 of a 3,001-row input (the second chunk), not row 952', async () => {
    const sql = `SELECT count(read_chip('${COG}', CASE WHEN i = 3000 THEN 'not a geometry' END)) FROM range(3001) t(i)`;
    await expect(rows(sql)).rejects.toThrow(/read_chip: row 3000\b/);
    // the next statement counts from 0 again
    await expect(rows(sql)).rejects.toThrow(/read_chip: row 3000\b/);
  });

  it('names the last row of a 3,000-row input for a wave-reading function', async () => {
    const sql = `SELECT count(cog_metadata(CASE WHEN i = 2999 THEN '/nonexistent/scene.tif' END)) FROM range(3000) t(i)`;
    await expect(rows(sql)).rejects.toThrow(/cog_metadata: row 2999 .*nonexistent/);
  });
});

describe('read_chip: a lon/lat geometry on a projected raster without geom_crs', () => {
  it('is an error naming both extents and geom_crs', async () => {
    const sql = `SELECT read_chip('${COG}', ${middleBox(cog.lonlat)}) IS NULL AS n`;
    const native = cog.native.join(', ');
    await expect(rows(sql)).rejects.toThrow(
      new RegExp(`read_chip: row 0 .*geometry's bounds \\(15\\.0\\d+, 46\\.\\d+, 15\\.0\\d+, 46\\.\\d+\\) look like lon/lat degrees while the raster is in EPSG:32633 with bounds \\(${native}\\).*read_chip\\(src, geom, 'EPSG:4326'\\)`),
    );
  });

  it('reads the chip when geom_crs is given', async () => {
    const [r] = await rows(`SELECT read_chip('${COG}', ${middleBox(cog.lonlat)}, 'EPSG:4326').width > 0 AS ok`);
    expect(r.ok).toBe(true);
  });

  it('keeps NULL for a geometry in the raster CRS that misses it, and on rasters in degrees or without a CRS', async () => {
    const [x0, y0] = cog.native;
    // just left of the image, as the contract's e_outside
    const outside = `ST_MakeEnvelope(${x0 - 500}, ${y0 + 100}, ${x0 - 100}, ${y0 + 400})`;
    const [r] = await rows(`SELECT read_chip('${COG}', ${outside}) IS NULL AS utm,
      read_chip('${fixturePath('none_u8_nodata0_4326.tif')}', ST_MakeEnvelope(-105.3, 40.1, -105.2, 40.2)) IS NULL AS degrees,
      read_chip('${fixturePath('nocrs_deflate_u8.tif')}', ST_MakeEnvelope(0, 0, 1, 1)) IS NULL AS nocrs`);
    expect(r).toEqual({ utm: true, degrees: true, nocrs: true });
  });
});

describe('read_chips and sample_points refuse what would silently match nothing', () => {
  it('a UTM label table under the default geometry_crs names the table and geometry_crs', async () => {
    await expect(rows("SELECT * FROM read_chips('coll', 'labels_utm', bands := ['red'])")).rejects.toThrow(
      /read_chips: the geometry column of 'labels_utm' has a geometry with bounds \(50[0-9.]*, 519[0-9.]*.*not lon\/lat degrees.*geometry_crs := 'EPSG:/,
    );
    const ok = await rows("SELECT field_id, red.width > 0 AS w FROM read_chips('coll', 'labels_utm', bands := ['red'], geometry_crs := 'EPSG:32633')");
    expect(ok).toEqual([{ field_id: 7, w: true }]);
  });

  it('a band without a <band>_metadata column lists the collection bands', async () => {
    await expect(rows("SELECT * FROM read_chips('coll', 'labels', bands := ['red', 'swir16'])")).rejects.toThrow(
      /read_chips: the collection 'coll' has no swir16_metadata column for band 'swir16'; its bands are: red, nir\./,
    );
    await expect(rows("SELECT * FROM sample_points('coll', 'labels', bands := ['red', 'B04'])")).rejects.toThrow(/sample_points: the collection 'coll' has no B04_metadata column/);
    const ok = await rows("SELECT field_id, red.width = nir.width AS same FROM read_chips('coll', 'labels', bands := ['red', 'nir'])");
    expect(ok).toEqual([{ field_id: 7, same: true }]);
  });

  it('scenes are matched on their raster, so a NULL geometry drops no row; a NULL first-band metadata is counted and the fix named', async () => {
    await rows('CREATE TABLE coll_nogeom AS SELECT * REPLACE (NULL::GEOMETRY AS geometry) FROM coll');
    const kept = await rows("SELECT field_id, red.width > 0 AS w FROM read_chips('coll_nogeom', 'labels', bands := ['red'])");
    expect(kept).toEqual([{ field_id: 7, w: true }]);
    await rows('CREATE TABLE coll_nometa AS SELECT * REPLACE (NULL AS red_metadata) FROM coll');
    await expect(rows("SELECT * FROM read_chips('coll_nometa', 'labels', bands := ['red'])")).rejects.toThrow(
      /read_chips: the collection 'coll_nometa' has a NULL red_metadata in 1 of 1 rows.*cog_metadata\(<href>\)/,
    );
    await expect(rows("SELECT * FROM sample_points('coll_nometa', 'labels', bands := ['red'])")).rejects.toThrow(/sample_points: .*NULL red_metadata in 1 of 1 rows/);
  });
});

describe('date ranges', () => {
  it('rasteret_build refuses a start after the end at bind, naming both dates', async () => {
    // port 9 (discard) is never contacted: the error comes from bind
    await expect(rows("SELECT * FROM rasteret_build('http://127.0.0.1:9/stac', collection := 'x', date_range := ['2024-05-01', '2024-04-01'], bands := ['red'])")).rejects.toThrow(
      /rasteret_build.*date_range starts on 2024-05-01, after its end 2024-04-01.*\['2024-04-01', '2024-05-01'\]/,
    );
  });
});
