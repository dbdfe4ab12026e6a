"""Exports every EPSG projected and geographic 2D CRS from PROJ's database through GDAL.

Run by build-epsg-data.ts with Debian's /usr/bin/python3 (GDAL's Python bindings). Prints
one JSON document on stdout: the versions, then per code the proj string GDAL exports
(OSRExportToProj4), the WKT1 GDAL writes (OSRExportToWkt), the authority's axis order,
whether it is geographic, and sample points transformed by GDAL from WGS 84 lon/lat
(OAMS_TRADITIONAL_GIS_ORDER, PROJ's own choice of operation), which the builder compares
with proj4js before accepting a definition.
"""
import json
import sqlite3
import sys

from osgeo import gdal, osr

gdal.UseExceptions()
osr.UseExceptions()
DB = '/usr/share/proj/proj.db'
# inset fractions of the area of use where GDAL's transform is sampled
# (a 4x4 grid and the centre: PROJ picks per point among regional datum shifts, so a few
# points can all land in one region and miss another)
FRACTIONS = [(0.5, 0.5)] + [(fx, fy) for fx in (0.05, 0.35, 0.65, 0.95) for fy in (0.05, 0.35, 0.65, 0.95)]


def codes():
    con = sqlite3.connect(DB)
    rows = con.execute(
        "SELECT code, 'projected', deprecated FROM projected_crs WHERE auth_name='EPSG' "
        "UNION ALL SELECT code, 'geographic', deprecated FROM geodetic_crs WHERE auth_name='EPSG' AND type='geographic 2D'"
    ).fetchall()
    meta = dict(con.execute('SELECT key, value FROM metadata').fetchall())
    return sorted((int(c), k, d) for c, k, d in rows if str(c).isdigit()), meta


def samples(srs):
    area = srs.GetAreaOfUse()
    if area is None:
        return []
    west, south, east, north = area.west_lon_degree, area.south_lat_degree, area.east_lon_degree, area.north_lat_degree
    if east < west:
        east += 360  # crosses the antimeridian
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    target = srs.Clone()
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(wgs84, target)
    out = []
    for fx, fy in FRACTIONS:
        lon = west + (east - west) * fx
        lon = lon - 360 if lon > 180 else lon
        lat = south + (north - south) * fy
        try:
            x, y, _ = ct.TransformPoint(lon, lat)
        except RuntimeError:
            continue
        if all(map(lambda v: v == v and abs(v) != float('inf'), (x, y))):
            out.append([round(lon, 9), round(lat, 9), x, y])
    return out


def main():
    all_codes, meta = codes()
    crs = {}
    failed = {}
    for code, kind, deprecated in all_codes:
        srs = osr.SpatialReference()
        try:
            srs.ImportFromEPSG(code)
            wkt = srs.ExportToWkt()
        except RuntimeError as e:
            failed[code] = str(e)
            continue
        try:
            proj, proj_error = srs.ExportToProj4().strip(), None
        except RuntimeError as e:
            proj, proj_error = '', str(e)
        try:
            pts = samples(srs)
        except RuntimeError as e:
            pts = []
        yx = bool(srs.EPSGTreatsAsLatLong() or srs.EPSGTreatsAsNorthingEasting())
        crs[code] = {
            'name': srs.GetName(), 'proj': proj, 'wkt': wkt, 'yx': yx, 'geographic': bool(srs.IsGeographic()),
            'deprecated': bool(deprecated), 'samples': pts, 'proj_error': proj_error,
        }
    versions = {
        'gdal': gdal.__version__,
        'proj': '%d.%d.%d' % (osr.GetPROJVersionMajor(), osr.GetPROJVersionMinor(), osr.GetPROJVersionMicro()),
        'epsg': meta.get('EPSG.VERSION'), 'epsg_date': meta.get('EPSG.DATE'),
    }
    json.dump({'versions': versions, 'crs': crs, 'failed': failed}, sys.stdout)


main()
