import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { builtInEpsgCodes, epsgDefinition, epsgToWkt } from '../../src/geo/epsg.js';
import { hasGdal, runGdal } from './gdal-reference.js';

const codes = builtInEpsgCodes();

describe('built-in EPSG definitions', () => {
  it('cover the named families', () => {
    // geographic, mercators, WGS 84 UTM N and S, ETRS89 UTM 28-37 (38N is deprecated), NAD83 UTM, 3035/5070/2056,
    // polar stereographic 3413/3976/3995/3031 and UPS 32661/32761
    expect(codes).toHaveLength(3 + 3 + 60 + 60 + 10 + 23 + 3 + 4 + 2);
    for (const c of [4326, 4258, 4269, 3857, 900913, 3395, 32601, 32660, 32701, 32760, 25832, 26915, 3035, 5070, 2056, 3413, 3031, 32661, 32761]) {
      expect(epsgDefinition(c)?.code).toBe(c);
    }
    expect(epsgDefinition(32662)).toBeUndefined();
    expect(epsgDefinition(27700)).toBeUndefined();
    expect(epsgDefinition(25838)).toBeUndefined();
  });

  it('know the authority axis order: lat/lon for geographic, northing first for 3035', () => {
    expect(epsgDefinition(4326)?.axisOrder).toBe('yx');
    expect(epsgDefinition(3035)?.axisOrder).toBe('yx');
    expect(epsgDefinition(32633)?.axisOrder).toBe('xy');
    expect(epsgDefinition(3857)?.axisOrder).toBe('xy');
    expect(epsgDefinition(3413)?.axisOrder).toBe('xy');
    expect(epsgDefinition(32661)?.axisOrder).toBe('yx');
  });

  it.skipIf(!hasGdal)("write GDAL's WKT1 and proj string, character for character, for every code", () => {
    const gdal = runGdal<[string, string][]>(
      'result = []\nfor c in data:\n  s = osr.SpatialReference(); s.SetFromUserInput("EPSG:%d" % c)\n  result.append([s.ExportToWkt(), s.ExportToProj4()])',
      codes,
    );
    codes.forEach((code, i) => {
      const def = epsgDefinition(code);
      // GDAL 3 leaves TOWGS84 out of LV95's WKT; ours keeps it so proj4 can use the WKT alone
      const wkt = code === 2056 ? def?.wkt.replace(',TOWGS84[674.374,15.056,405.346,0,0,0,0]', '') : def?.wkt;
      expect({ code, wkt, proj: def?.proj }).toEqual({ code, wkt: gdal[i][0], proj: gdal[i][1] });
    });
  });

  it('give WKT that proj4 reads to the same projection as the proj string', () => {
    const world: [number, number][] = [[15, 52], [-93, 40], [7.44, 46.95], [-100, 35], [10, 52], [0.001, -0.001]];
    // LV95 is only defined over Switzerland; oblique and Swiss oblique mercator part ways far from Bern
    const swiss: [number, number][] = [[7.44, 46.95], [6.1, 46.2], [10.4, 47.6], [8.5, 45.9]];
    for (const code of codes) {
      const lonLat = code === 2056 ? swiss : world;
      const def = epsgDefinition(code);
      if (!def) throw new Error(`no definition for ${code}`);
      const viaWkt = proj4('WGS84', def.wkt);
      const viaProj = proj4('WGS84', def.proj);
      for (const p of lonLat) {
        const [x1, y1] = viaWkt.forward(p);
        const [x2, y2] = viaProj.forward(p);
        // proj4 reads LV95's WKT as a generic oblique mercator, 6.5 cm off the Swiss one (which
        // matches GDAL to 1e-8 m); resolveCrs maps that WKT to the proj string, so only raw proj4 sees it
        const tolerance = code === 2056 ? 0.1 : 1e-6;
        if (Number.isFinite(x2)) expect(Math.abs(x1 - x2) + Math.abs(y1 - y2), `EPSG:${code} at ${p}`).toBeLessThan(tolerance);
      }
    }
  });

  it('refuse unknown codes with a hint on passing the definition', () => {
    expect(() => epsgToWkt(27700)).toThrow(InputError);
    expect(() => epsgToWkt(27700)).toThrow(/EPSG:27700 is not one of rasterduck's built-in.*gdalsrsinfo -o proj4 EPSG:27700/);
  });
});
