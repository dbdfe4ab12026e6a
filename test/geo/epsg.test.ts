/**
 * The EPSG data (data/epsg-crs.json, from scripts/epsg/build-epsg-data.ts) against GDAL on
 * this machine: every projected and geographic 2D code PROJ's database has, GDAL's WKT1
 * and proj string, transforms equal to GDAL's within 1 cm at points the generator did not
 * sample, and the refused codes refused with their reason.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { transformPoints } from '../../src/geo/crs.js';
import { builtInEpsgCodes, epsgDataVersions, epsgDefinition, epsgToWkt } from '../../src/geo/epsg.js';
import { runGdal } from './gdal-reference.js';

const codes = builtInEpsgCodes();
const XY = { alwaysXy: true };

describe('EPSG definitions', () => {
  it("cover every projected and geographic 2D CRS of PROJ's database that GDAL imports", () => {
    const gdal = runGdal<{ codes: number[]; epsg: string; proj: string }>(
      [
        'import sqlite3',
        'con = sqlite3.connect("/usr/share/proj/proj.db")',
        'rows = con.execute("SELECT code FROM projected_crs WHERE auth_name=\'EPSG\' UNION SELECT code FROM geodetic_crs WHERE auth_name=\'EPSG\' AND type=\'geographic 2D\'").fetchall()',
        'ok = []',
        'for (c,) in rows:',
        '  s = osr.SpatialReference()',
        '  try: s.ImportFromEPSG(int(c)); ok.append(int(c))',
        '  except RuntimeError: pass',
        'meta = dict(con.execute("SELECT key, value FROM metadata").fetchall())',
        'result = {"codes": sorted(ok), "epsg": meta["EPSG.VERSION"], "proj": "%d.%d.%d" % (osr.GetPROJVersionMajor(), osr.GetPROJVersionMinor(), osr.GetPROJVersionMicro())}',
      ].join('\n'),
      null,
    );
    expect(codes).toEqual(gdal.codes);
    expect(epsgDataVersions()).toMatchObject({ epsg: gdal.epsg, proj: gdal.proj });
    const { exact, shifted, refused } = epsgDataVersions();
    expect(exact + shifted + refused).toBe(codes.length);
  }, 120_000);

  it("write GDAL's WKT1 for every code and GDAL's proj string where no shift was added", () => {
    const sample = codes.filter((_, i) => i % 7 === 0);
    const gdal = runGdal<[string, string][]>(
      'result = []\nfor c in data:\n  s = osr.SpatialReference(); s.ImportFromEPSG(c)\n  try: p = s.ExportToProj4()\n  except RuntimeError: p = ""\n  result.append([s.ExportToWkt(), p])',
      sample,
    );
    sample.forEach((code, i) => {
      const def = epsgDefinition(code);
      expect(def?.wkt, `EPSG:${code}`).toBe(gdal[i][0]);
      // a shifted definition is GDAL's with its datum written as ellipsoid + towgs84
      if (def?.proj.split(' ')[0] === gdal[i][1].split(' ')[0] && !def?.proj.includes('+towgs84') && !def?.refused) {
        expect(def?.proj, `EPSG:${code}`).toBe(gdal[i][1]);
      }
    });
  }, 120_000);

  it('know the authority axis order and the geographic ones', () => {
    expect(epsgDefinition(4326)).toMatchObject({ axisOrder: 'yx', geographic: true });
    expect(epsgDefinition(3035)).toMatchObject({ axisOrder: 'yx', geographic: false });
    expect(epsgDefinition(32633)).toMatchObject({ axisOrder: 'xy', geographic: false });
    expect(epsgDefinition(2154)?.name).toBe('RGF93 v1 / Lambert-93');
  });

  it("transform like GDAL within 1 cm, both ways, at points of each area of use the generator did not sample", () => {
    const accepted = codes.filter((c, i) => i % 9 === 0 && !epsgDefinition(c)?.refused);
    const gdal = runGdal<([number, number, number, number] | null)[]>(
      [
        'w = osr.SpatialReference(); w.ImportFromEPSG(4326); w.SetAxisMappingStrategy(0)',
        'result = []',
        'for c in data:',
        '  s = osr.SpatialReference(); s.ImportFromEPSG(c); s.SetAxisMappingStrategy(0)',
        '  a = s.GetAreaOfUse()',
        '  if a is None: result.append(None); continue',
        '  e = a.east_lon_degree + (360 if a.east_lon_degree < a.west_lon_degree else 0)',
        '  lon = a.west_lon_degree + (e - a.west_lon_degree) * 0.37; lon = lon - 360 if lon > 180 else lon',
        '  lat = a.south_lat_degree + (a.north_lat_degree - a.south_lat_degree) * 0.61',
        '  try: x, y, _ = osr.CoordinateTransformation(w, s).TransformPoint(lon, lat)',
        '  except RuntimeError: result.append(None); continue',
        '  result.append([lon, lat, x, y] if all(abs(v) < 1e15 for v in (x, y)) else None)',
      ].join('\n'),
      accepted,
    );
    let checked = 0;
    accepted.forEach((code, i) => {
      const p = gdal[i];
      if (!p) return;
      const [lon, lat, x, y] = p;
      const scale = epsgDefinition(code)?.geographic ? 111_000 : 1;
      const fwd = transformPoints(new Float64Array([lon, lat]), 4326, code, XY);
      expect(Math.hypot(fwd[0] - x, fwd[1] - y) * scale, `EPSG:${code} forward at ${lon}, ${lat}`).toBeLessThan(0.01);
      const inv = transformPoints(new Float64Array([x, y]), code, 4326, XY);
      expect(Math.hypot(inv[0] - lon, inv[1] - lat) * 111_000, `EPSG:${code} inverse`).toBeLessThan(0.01);
      checked++;
    });
    expect(checked).toBeGreaterThan(450);
  }, 120_000);

  it('refuse to transform what proj4js cannot do as GDAL does, saying why', () => {
    expect(() => transformPoints(new Float64Array([14.4, 50.1]), 4326, 5514, XY)).toThrow(/EPSG:5514 \(S-JTSK \/ Krovak East North\) cannot be transformed exactly: proj4js differs from GDAL by \d+ m/);
    expect(() => transformPoints(new Float64Array([9, 50]), 4326, 31467, XY)).toThrow(/EPSG:31467 .*PROJ shifts its datum with the grid de_adv_BETA2007\.tif/);
    expect(() => transformPoints(new Float64Array([-74, 4]), 4326, 6247, XY)).toThrow(/proj4js has no col_urban projection/);
    // the WKT still names the CRS
    expect(epsgToWkt(5514)).toMatch(/^PROJCS\["S-JTSK \/ Krovak East North"/);
  });

  it('refuse codes the EPSG dataset lacks with a hint on passing the definition', () => {
    expect(() => epsgToWkt(99999)).toThrow(InputError);
    expect(() => epsgToWkt(99999)).toThrow(/gdalsrsinfo -o proj4 EPSG:99999/);
  });
});
