// polygonize against GDAL 3.6: gdal.Polygonize on the same raster written as a GeoTIFF
// gives the same polygons (normal form: any ring order, start, direction, pinch style),
// and GDAL's rasterizer burns our polygons back onto exactly the pixels they came from.
import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../src/geo/geometry.js';
import { polygonize, type PolygonizedRegion } from '../../src/geo/polygonize.js';
import { askGdal, breakCrossings, normalForm, random, randomClasses, type PolygonizeCase } from './polygonize-reference.js';
import { affineOf } from './rasterio-reference.js';

const GRIDS: readonly (readonly number[])[] = [
  [10, 0, 499980, 0, -10, 5200020],
  [0.0001, 0, 5.9, 0, -0.0001, 47.8],
  [1, 0, 0, 0, -1, 0],
];

interface Run {
  readonly gdalCase: PolygonizeCase;
  readonly ours: PolygonizedRegion[];
}

function makeRuns(): Run[] {
  const rnd = random(20260704);
  const runs: Run[] = [];
  for (let k = 0; k < 36; k++) {
    const width = 6 + Math.floor(rnd() * 50);
    const height = 6 + Math.floor(rnd() * 40);
    const classes = 2 + Math.floor(rnd() * 3);
    const connectivity = k % 2 === 0 ? 4 : 8;
    let values = randomClasses(rnd, width, height, classes);
    if (connectivity === 8) values = breakCrossings(values, width, height, classes);
    const nodata = k % 3 === 0 ? 0 : null;
    const transform = GRIDS[k % GRIDS.length];
    // traced in blocks, so polygons crossing block edges are joined before GDAL sees them
    const blockWidth = 2 + Math.floor(rnd() * 15);
    const blockHeight = 2 + Math.floor(rnd() * 15);
    const r = { width, height, values, transform: affineOf(transform), nodata: nodata ?? undefined };
    const ours = polygonize(r, { connectivity, blockWidth, blockHeight });
    expect(ours).toEqual(polygonize(r, { connectivity }));
    runs.push({ gdalCase: { width, height, values, transform, nodata, connectivity, ours: ours.map((g) => g.geometry) }, ours });
  }
  return runs;
}

const runs = makeRuns();
const answers = askGdal(runs.map((r) => r.gdalCase));

describe('polygonize matches gdal.Polygonize (GDAL 3.6)', () => {
  it.each(runs.map((r, i) => [i, r.gdalCase.width, r.gdalCase.height, r.gdalCase.connectivity, r] as const))(
    'case %i: %ix%i, %i-connected, traced in blocks: same polygons up to ring order and start',
    (i, _w, _h, _c, run) => {
      const t = run.gdalCase.transform;
      const gdal = answers[i].features.map(([value, g]) => normalForm(value, g, t)).sort();
      const ours = run.ours.map((r) => normalForm(r.value, r.geometry as Parameters<typeof normalForm>[1], t)).sort();
      expect(ours.length).toBe(gdal.length);
      expect(ours).toEqual(gdal);
    },
  );

  it.each(runs.map((r, i) => [i, r] as const))('case %i: GDAL burns each polygon onto exactly its pixels', (i, run) => {
    const { values, nodata, transform } = run.gdalCase;
    const burn = answers[i].burn!;
    const counts = new Array<number>(run.ours.length).fill(0);
    values.forEach((v, p) => {
      if (v === nodata) {
        expect(burn[p]).toBe(0);
        return;
      }
      expect(burn[p]).toBeGreaterThan(0);
      expect(run.ours[burn[p] - 1].value).toBe(v);
      counts[burn[p] - 1]++;
    });
    const pixelArea = Math.abs(transform[0] * transform[4]);
    run.ours.forEach((r, k) => {
      expect(r.pixelCount).toBe(counts[k]);
      expect(r.area).toBeCloseTo(counts[k] * pixelArea, 9);
    });
  });

  // 8-connected regions whose corner contacts close around a hole are not OGC-valid as one
  // polygon (GDAL's pinched rings are not either); 4-connected output always is
  it.each(runs.filter((r) => r.gdalCase.connectivity === 4).map((r) => [runs.indexOf(r)] as const))(
    'case %i (4-connected): GEOS finds every polygon valid',
    (i) => {
      expect(answers[i].valid!.every(Boolean)).toBe(true);
    },
  );

  it('the cases hold holes, islands in holes and multi-part 8-connected regions', () => {
    const all = runs.flatMap((r) => r.ours.map((o) => o.geometry as Geometry));
    const holes = all.filter((g) => g.type === 'Polygon' && g.coordinates.length > 1).length;
    const multi = all.filter((g) => g.type === 'MultiPolygon').length;
    expect(holes).toBeGreaterThan(20);
    expect(multi).toBeGreaterThan(5);
  });
});
