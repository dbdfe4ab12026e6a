// gridFootprint: the lon/lat cover of a raster must hold every point of the raster's true
// (curved) edges. The edge points come from GDAL (OSR/PROJ) and the planar point-in-polygon
// test from OGR (GEOS), so neither side is the code under test.
import { describe, expect, it } from 'vitest';
import { gridFootprint, MARGIN_PX } from '../../src/geo/footprint.js';
import type { Geometry } from '../../src/geo/geometry.js';
import type { RasterGrid } from '../../src/geo/raster-grid.js';
import { toWkt } from '../../src/geo/wkt.js';
import { runGdal } from './gdal-reference.js';

interface Case {
  readonly name: string;
  readonly grid: RasterGrid;
}

const grid = (epsg: number, x0: number, y0: number, px: number, width: number, height: number): RasterGrid => ({
  affine: { a: px, b: 0, c: x0, d: 0, e: -px, f: y0 }, width, height, crs: `EPSG:${epsg}`,
});

const CASES: Case[] = [
  // 200 km wide, 64-66°N: the top edge bows ~900 m beyond the chord of its corners
  { name: 'utm-65n', grid: grid(32633, 400000, 7300000, 100, 2000, 2000) },
  // the north pole inside, off any pixel corner
  { name: 'nsidc-north-pole', grid: grid(3413, -987655, 1000000, 2000, 1000, 1000) },
  // south of New Zealand's longitudes: across the antimeridian (lon 180 lies along -y in 3031)
  { name: 'antarctic-antimeridian', grid: grid(3031, -500000, -700000, 1000, 1000, 800) },
  // UTM zone 1 reaches west of -180 at 60°N
  { name: 'utm-zone1-antimeridian', grid: grid(32601, 250000, 6800000, 100, 2000, 2000) },
  { name: 'lonlat-170-190', grid: grid(4326, 170, 10, 0.1, 200, 200) },
];

interface Verdict {
  readonly name: string;
  /** Points of the raster's true edges (and its pole) outside the cover. */
  readonly edgeMisses: number[][];
  /** Points 3 pixels outside the raster that the cover still holds. */
  readonly farHits: number;
  readonly farTotal: number;
  /** Edge points outside the polygon of the four reprojected corners (the old footprint). */
  readonly cornerMisses: number;
}

// Samples every edge at 2001 points (exactly on the edge) and 3 px outside it, reprojects
// them with OSR, and asks OGR which the cover holds; lon/lat is normalised to [-180, 180].
const SCRIPT = `
ll = osr.SpatialReference(); ll.ImportFromEPSG(4326); ll.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
result = []
def pt(x, y):
  p = ogr.Geometry(ogr.wkbPoint); p.AddPoint_2D(x, y); return p
for c in data:
  s = osr.SpatialReference(); s.ImportFromEPSG(c["epsg"]); s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
  t = osr.CoordinateTransformation(s, ll)
  a, b, x0, d, e, y0 = c["affine"]; w, h = c["width"], c["height"]
  def lonlat(col, row):
    lon, lat, _ = t.TransformPoint(x0 + a * col, y0 + e * row)
    return (lon + 180) % 360 - 180, lat
  def edge(off):
    pts = []
    for i in range(2001):
      f = i / 2000
      pts += [(f * w, -off), (w + off, f * h), (w - f * w, h + off), (-off, h - f * h)]
    return [lonlat(*p) for p in pts]
  cover = ogr.CreateGeometryFromWkt(c["cover"])
  on = edge(0)
  misses = [list(p) for p in on if not cover.Intersects(pt(*p))]
  if c["pole"] is not None and not cover.Intersects(pt(0, c["pole"])): misses.append([0, c["pole"]])
  far = edge(3)
  hits = sum(1 for p in far if cover.Intersects(pt(*p)))
  ring = ogr.Geometry(ogr.wkbLinearRing)
  for p in [lonlat(0, 0), lonlat(w, 0), lonlat(w, h), lonlat(0, h), lonlat(0, 0)]: ring.AddPoint_2D(*p)
  corners = ogr.Geometry(ogr.wkbPolygon); corners.AddGeometry(ring)
  result.append({"name": c["name"], "edgeMisses": misses[:5], "farHits": hits, "farTotal": len(far),
                 "cornerMisses": sum(1 for p in on if not corners.Intersects(pt(*p)))})
`;

function verdicts(covers: Geometry[], poles: (number | null)[]): Verdict[] {
  const data = CASES.map(({ name, grid: g }, i) => ({
    name, epsg: Number(g.crs?.slice(5)), affine: [g.affine.a, g.affine.b, g.affine.c, g.affine.d, g.affine.e, g.affine.f],
    width: g.width, height: g.height, cover: toWkt(covers[i]), pole: poles[i],
  }));
  return runGdal<Verdict[]>(SCRIPT, data);
}

describe('gridFootprint', () => {
  const covers = CASES.map((c) => gridFootprint(c.grid) as Geometry);
  const results = verdicts(covers, [null, 90, null, null, null]);

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s: holds every point of the true edges, and hugs them', (_, i) => {
    const v = results[i];
    expect(v.edgeMisses, v.name).toEqual([]);
    // 3 px outside the raster is beyond the 1 px margin: the cover does not hold those
    expect(MARGIN_PX).toBeLessThan(3);
    expect(v.farHits, v.name).toBe(0);
  });

  it('fixes what four reprojected corners miss: the curved top edge of a wide UTM scene', () => {
    expect(results[0].cornerMisses).toBeGreaterThan(500);
  });

  it('runs up to the pole for a scene that holds it, and splits at the antimeridian', () => {
    // the cap spans all 360 degrees from wherever the outline starts: cut at the antimeridian like the rest
    const polar = covers[1];
    const lats = (polar.type === 'MultiPolygon' ? polar.coordinates.flat(2) : []).map((p) => p[1]);
    expect(Math.max(...lats)).toBe(90);
    for (const i of [2, 3, 4]) {
      const g = covers[i];
      expect(g.type, CASES[i].name).toBe('MultiPolygon');
      const lons = (g.type === 'MultiPolygon' ? g.coordinates.flat(2) : []).map((p) => p[0]);
      expect(Math.min(...lons), CASES[i].name).toBeGreaterThanOrEqual(-180);
      expect(Math.max(...lons), CASES[i].name).toBeLessThanOrEqual(180);
    }
  });

  it('is null for a raster without a CRS', () => {
    expect(gridFootprint({ ...CASES[0].grid, crs: null })).toBeNull();
  });
});
