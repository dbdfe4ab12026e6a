import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { resolveCrs, transformGeometry, transformPoints } from '../../src/geo/crs.js';
import { crsToEpsg } from '../../src/geo/crs-id.js';
import { epsgToWkt } from '../../src/geo/epsg.js';
import { parseWkt, toWkt } from '../../src/geo/wkt.js';
import { hasGdal, runGdal } from './gdal-reference.js';

const XY = { alwaysXy: true };
const AUTHORITY = { alwaysXy: false };

function transform(x: number, y: number, from: string | number, to: string | number, opts = XY): [number, number] {
  const out = transformPoints(new Float64Array([x, y]), from, to, opts);
  return [out[0], out[1]];
}

// Points inside each family's area of use, lon/lat
// 26901 (NAD83 / UTM 1N) is refused: over the Aleutians PROJ shifts NAD83 by up to 0.86 m, which proj4js does not
const PLACES: [code: number, lon: number, lat: number][] = [
  [32633, 15, 52], [32633, 13.4, 52.5], [32601, -177, 10], [32660, 177, 60], [32718, -75, -12], [32756, 151.2, -33.9],
  [25832, 9, 50], [25837, 39, 45], [26915, -93, 45], [26923, -45, 60], [3857, 10, 60], [900913, -120, -40],
  [3395, 100, 10], [3035, 10, 52], [3035, -5, 40], [5070, -96, 23], [5070, -120, 45], [2056, 7.44, 46.95], [2056, 8.54, 47.37],
  [4258, 2, 48], [4269, -80, 40],
  [3413, -45, 75], [3413, 135, 89.9], [3413, 10, 62], [3976, 0, -75], [3995, 100, 80], [3031, 179.5, -70], [3031, -60, -89.5],
  [32661, 30, 86], [32761, -120, -85],
];

describe('resolveCrs', () => {
  it('accepts the common spellings of an EPSG code', () => {
    for (const input of [4326, 'EPSG:4326', 'epsg:4326', '4326', 'urn:ogc:def:crs:EPSG::4326', 'http://www.opengis.net/def/crs/EPSG/0/4326']) {
      expect(resolveCrs(input)).toMatchObject({ epsg: 4326, id: 'EPSG:4326', axisOrder: 'yx', geographic: true });
    }
    expect(resolveCrs('epsg:32633')).toMatchObject({ epsg: 32633, axisOrder: 'xy', geographic: false });
  });

  it('treats OGC:CRS84 as WGS 84 in lon/lat order', () => {
    for (const input of ['OGC:CRS84', 'urn:ogc:def:crs:OGC:1.3:CRS84', 'CRS:84']) {
      expect(resolveCrs(input)).toMatchObject({ id: 'OGC:CRS84', axisOrder: 'xy', geographic: true });
      expect(resolveCrs(input).epsg).toBeUndefined();
    }
  });

  it('maps WKT naming a built-in code to the built-in definition, axis order from the WKT', () => {
    expect(resolveCrs(epsgToWkt(3035))).toMatchObject({ epsg: 3035, axisOrder: 'yx', definition: expect.stringContaining('+proj=laea') });
    // polar grids point both WKT1 axes the same way; the axis names say easting first (3413), northing first (UPS)
    expect(resolveCrs(epsgToWkt(3413))).toMatchObject({ epsg: 3413, axisOrder: 'xy', definition: expect.stringContaining('+proj=stere') });
    expect(resolveCrs(epsgToWkt(32661))).toMatchObject({ epsg: 32661, axisOrder: 'yx' });
    // ESRI-style WKT1 has no AXIS nodes: WKT1 then means lon/lat
    const esri = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
    expect(resolveCrs(esri)).toMatchObject({ axisOrder: 'xy', geographic: true, definition: esri });
    expect(resolveCrs(esri).epsg).toBeUndefined();
  });

  it('reads proj strings in east/north order unless +axis says otherwise', () => {
    expect(resolveCrs('+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs')).toMatchObject({ epsg: 32633, axisOrder: 'xy' });
    expect(resolveCrs('+proj=longlat +datum=WGS84 +axis=neu')).toMatchObject({ axisOrder: 'yx', geographic: true });
    expect(resolveCrs('+init=epsg:3857')).toMatchObject({ epsg: 3857, axisOrder: 'xy' });
  });

  it.each([
    ['EPSG:99999', /EPSG:99999 is not a projected or geographic 2D CRS in the EPSG dataset \(v10\.076, PROJ 9\.1\.1\).*gdalsrsinfo -o proj4 EPSG:99999/],
    ['+init=epsg:99999', /EPSG:99999 is not a projected or geographic 2D CRS/],
    [99999, /EPSG:99999 is not a projected or geographic 2D CRS/],
    ['+proj=nope', /cannot read CRS '\+proj=nope': Could not get projection name/],
    ['PROJCS["x",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Foo"]]', /cannot read CRS/],
    ['WGS84 please', /'WGS84 please' is not a CRS. Pass 'EPSG:<code>'/],
    ['', /the CRS is empty/],
    [4326.5, /EPSG code 4326.5 is not an integer/],
  ])('rejects %j with an InputError saying what to pass', (input, message) => {
    expect(() => resolveCrs(input)).toThrow(InputError);
    expect(() => resolveCrs(input)).toThrow(message);
  });
});

describe('crsToEpsg', () => {
  it('finds the root authority of WKT1, WKT2 and PROJJSON, never a nested one', () => {
    expect(crsToEpsg(epsgToWkt(32633))).toBe(32633);
    expect(crsToEpsg(epsgToWkt(4326))).toBe(4326);
    expect(crsToEpsg('PROJCRS["x",BASEGEOGCRS["WGS 84",ID["EPSG",4326]],CONVERSION["c",ID["EPSG",16033]],ID["EPSG",32633]]')).toBe(32633);
    expect(crsToEpsg('PROJCS["x",GEOGCS["WGS 84",AUTHORITY["EPSG","4326"]],PROJECTION["Transverse_Mercator"]]')).toBeUndefined();
    expect(crsToEpsg('{"type":"ProjectedCRS","name":"x","id":{"authority":"EPSG","code":3035}}')).toBe(3035);
  });

  it('recognises spellings and built-in proj strings, and leaves CRS84 alone', () => {
    expect(crsToEpsg('urn:ogc:def:crs:EPSG::3857')).toBe(3857);
    expect(crsToEpsg('+proj=longlat +datum=WGS84 +no_defs +type=crs')).toBe(4326);
    expect(crsToEpsg('+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs')).toBe(3857);
    expect(crsToEpsg('+proj=utm +zone=33 +datum=WGS84 +units=m')).toBe(32633);
    // GDAL's proj string of ED50 / UTM 33N, which no other current code shares
    expect(crsToEpsg('+proj=utm +zone=33 +ellps=intl +units=m +no_defs')).toBe(23033);
    // ETRS89 / UTM 33N and its national aliases share one string: it names none
    expect(crsToEpsg('+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs')).toBeUndefined();
    expect(crsToEpsg('OGC:CRS84')).toBeUndefined();
  });
});

describe('transformPoints', () => {
  it('puts lon 15, lat 52 on the UTM 33N central meridian: easting exactly 500000', () => {
    const [x, y] = transform(15, 52, 'EPSG:4326', 'EPSG:32633');
    expect(x).toBeCloseTo(500000, 6);
    // gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32633 <<< '15 52'  →  500000.000000001 5761038.21259042
    expect(y).toBeCloseTo(5761038.21259042, 4);
  });

  it('matches the spherical web mercator formulas (x = Rλ, y = R ln tan(π/4 + φ/2))', () => {
    const R = 6378137;
    const [x, y] = transform(-73.9857, 40.7484, 4326, 3857);
    expect(x).toBeCloseTo((R * -73.9857 * Math.PI) / 180, 6);
    expect(y).toBeCloseTo(R * Math.log(Math.tan(Math.PI / 4 + (40.7484 * Math.PI) / 360)), 6);
  });

  it('follows the authority axis order unless alwaysXy (as ST_Transform always_xy)', () => {
    // EPSG:4326 in authority order is (lat, lon); EPSG:3035 is (northing, easting)
    expect(transform(52, 10, 'EPSG:4326', 'EPSG:3035', AUTHORITY)).toEqual([3210000, 4321000]);
    expect(transform(10, 52, 'EPSG:4326', 'EPSG:3035', XY)).toEqual([4321000, 3210000]);
    expect(transform(10, 52, 'OGC:CRS84', 'EPSG:3035', XY)).toEqual([4321000, 3210000]);
    const [e, n] = transform(52, 15, 'EPSG:4326', 'EPSG:32633', AUTHORITY);
    expect([Math.round(e), Math.round(n)]).toEqual([500000, 5761038]);
    // same CRS: only the axes move
    expect(transform(1, 2, 4326, 'OGC:CRS84', AUTHORITY)).toEqual([2, 1]);
    expect(transform(1, 2, 4326, 4326, AUTHORITY)).toEqual([1, 2]);
  });

  it('works in place on interleaved arrays and keeps empty points empty', () => {
    const xy = new Float64Array([15, 52, NaN, NaN, 16, 53]);
    expect(transformPoints(xy, 4326, 32633, XY)).toBe(xy);
    expect(Number.isNaN(xy[2]) && Number.isNaN(xy[3])).toBe(true);
    expect(xy[0]).toBeCloseTo(500000, 6);
  });

  it('round-trips projected → geographic → projected', () => {
    const xy = new Float64Array([500000, 5761038.21259042, 623456.7, 5123456.7]);
    const back = transformPoints(transformPoints(xy.slice(), 32633, 4326, XY), 4326, 32633, XY);
    back.forEach((v, i) => expect(v).toBeCloseTo(xy[i], 6));
  });

  it('refuses a point with no image instead of returning Infinity', () => {
    expect(() => transform(0, 90, 4326, 3857)).toThrow(InputError);
    expect(() => transform(0, 90, 4326, 3857)).toThrow(/point \(0, 90\) cannot be transformed from 'EPSG:4326' to 'EPSG:3857'/);
  });

  it.skipIf(!hasGdal)('matches GDAL (PROJ) for every built-in family, both directions and both axis orders', () => {
    const cases = PLACES.map(([code, lon, lat]) => ({ code, lon, lat }));
    const gdal = runGdal<{ xy: number[]; auth: number[]; back: number[] }[]>(
      [
        'def srs(code, traditional):',
        '  s = osr.SpatialReference(); s.SetFromUserInput("EPSG:%d" % code)',
        '  if traditional: s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)',
        '  return s',
        'result = []',
        'for c in data:',
        '  xy = osr.CoordinateTransformation(srs(4326, True), srs(c["code"], True)).TransformPoint(c["lon"], c["lat"])',
        '  auth = osr.CoordinateTransformation(srs(4326, False), srs(c["code"], False)).TransformPoint(c["lat"], c["lon"])',
        '  back = osr.CoordinateTransformation(srs(c["code"], True), srs(4326, True)).TransformPoint(xy[0], xy[1])',
        '  result.append({"xy": list(xy[:2]), "auth": list(auth[:2]), "back": list(back[:2])})',
      ].join('\n'),
      cases,
    );
    cases.forEach(({ code, lon, lat }, i) => {
      const geographic = resolveCrs(code).geographic;
      const tolerance = geographic ? 1e-9 : 1e-4; // degrees or metres
      const near = (got: number[], want: number[], what: string) =>
        got.forEach((v, k) => expect(Math.abs(v - want[k]), `EPSG:${code} ${what} (${lon}, ${lat}): ${got} vs ${want}`).toBeLessThan(tolerance));
      near(transform(lon, lat, 4326, code, XY), gdal[i].xy, 'xy');
      near(transform(lat, lon, 4326, code, AUTHORITY), gdal[i].auth, 'authority order');
      const back = transform(gdal[i].xy[0], gdal[i].xy[1], code, 4326, XY);
      back.forEach((v, k) => expect(Math.abs(v - gdal[i].back[k]), `EPSG:${code} inverse`).toBeLessThan(1e-8));
    });
  });

  it.skipIf(!hasGdal)('reads a non-built-in CRS (Lambert-93) as WKT1, WKT2, PROJJSON and proj string like GDAL', () => {
    const [wkt1, wkt2, projjson, proj, expected] = runGdal<[string, string, string, string, number[]]>(
      [
        's = osr.SpatialReference(); s.ImportFromEPSG(2154)',
        'g = osr.SpatialReference(); g.ImportFromEPSG(4326)',
        'for x in (s, g): x.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)',
        'p = osr.CoordinateTransformation(g, s).TransformPoint(2.35, 48.85)',
        'result = [s.ExportToWkt(), s.ExportToWkt(["FORMAT=WKT2_2018"]), s.ExportToPROJJSON(), s.ExportToProj4(), list(p[:2])]',
      ].join('\n'),
      null,
    );
    for (const text of [wkt1, wkt2, projjson, proj]) {
      const [x, y] = transform(2.35, 48.85, 4326, text, XY);
      expect(Math.abs(x - expected[0]) + Math.abs(y - expected[1]), text.slice(0, 30)).toBeLessThan(1e-4);
    }
    // a WKT2 naming EPSG:2154 resolves to that code's definition
    expect(resolveCrs(wkt2)).toMatchObject({ epsg: 2154, id: 'EPSG:2154', axisOrder: 'xy', definition: expect.stringContaining('+proj=lcc') });
  });
});

describe('transformGeometry', () => {
  it('reprojects every position, keeping structure, holes and empty members', () => {
    const g = parseWkt('GEOMETRYCOLLECTION (POLYGON ((15 52, 16 52, 16 53, 15 52), (15.2 52.2, 15.4 52.2, 15.4 52.4, 15.2 52.2)), MULTIPOINT (EMPTY, 15 52), LINESTRING EMPTY)');
    const utm = transformGeometry(g, 'EPSG:4326', 'EPSG:32633', XY);
    // same structure, each vertex where transformPoints puts it
    const expected = 'GEOMETRYCOLLECTION (POLYGON ((a, b, c, a), (d, e, f, d)), MULTIPOINT (EMPTY, a), LINESTRING EMPTY)';
    expect(toWkt(utm).replace(/-?\d[\d.e+-]* -?\d[\d.e+-]*/g, 'p')).toBe(expected.replace(/[a-f]/g, 'p'));
    const first = utm.type === 'GeometryCollection' && utm.geometries[0].type === 'Polygon' ? utm.geometries[0].coordinates[0][1] : [];
    expect(first).toEqual(transform(16, 52, 4326, 32633));
    const back = transformGeometry(utm, 32633, 4326, XY);
    const numbers = (text: string) => (text.match(/-?\d[\d.e+-]*/g) ?? []).map(Number);
    const [got, want] = [numbers(toWkt(back)), numbers(toWkt(g))];
    expect(got).toHaveLength(want.length);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 9));
  });
});
