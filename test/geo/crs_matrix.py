"""Writes the CRS matrix: one small GeoTIFF per CRS, and what rasterio reads under a lon/lat polygon.

    /usr/bin/python3 test/geo/crs_matrix.py OUT_DIR

For each CRS (an EPSG code, or a PROJ string GDAL writes as user-defined GeoKeys) it writes
OUT_DIR/<name>.tif: 64x64 uint16, DEFLATE, 32x32 tiles, value row*64+col+1, on a grid around
a point of the CRS's area of use. The geometry is a lon/lat pentagon of about 40x40 px
inside it. expected.json holds per file: the WKT of the geometry (lon/lat), rasterio's
to_epsg(), and rasterio.mask.mask(src, [transform_geom('EPSG:4326', src.crs, geom)],
crop=True, filled=True) as shape, transform, values and mask (true = valid).
"""
import json
import math
import os
import sys

import numpy as np
import rasterio
import rasterio.mask
import rasterio.warp
from osgeo import gdal, osr

gdal.UseExceptions()

# name -> (CRS as GDAL takes it, lon, lat of the grid centre, pixel size in CRS units)
CRSS = {
    'lcc2sp_2154': ('EPSG:2154', 2.35, 48.85, 100),
    'lcc2sp_3347': ('EPSG:3347', -75.7, 45.4, 100),
    'lcc2sp_31370': ('EPSG:31370', 4.35, 50.85, 100),
    'lcc2sp_usft_2263': ('EPSG:2263', -73.98, 40.75, 300),
    'lcc1sp_27572': ('EPSG:27572', 2.35, 48.85, 100),
    'tm_27700': ('EPSG:27700', -1.5, 52.5, 100),
    'tm_2193': ('EPSG:2193', 174.78, -41.29, 100),
    'tm_2180': ('EPSG:2180', 21.0, 52.23, 100),
    'utm_32633': ('EPSG:32633', 15.0, 52.0, 100),
    'utm_25832': ('EPSG:25832', 9.0, 50.0, 100),
    'tm_3006': ('EPSG:3006', 18.07, 59.33, 100),
    'tm_31467_grid': ('EPSG:31467', 9.0, 50.0, 100),
    'albers_5070': ('EPSG:5070', -96.0, 38.0, 100),
    'albers_3577': ('EPSG:3577', 133.0, -25.0, 100),
    'albers_3005': ('EPSG:3005', -123.0, 53.0, 100),
    'polar_3413': ('EPSG:3413', -45.0, 75.0, 200),
    'polar_3031': ('EPSG:3031', 0.0, -80.0, 200),
    'ups_32761': ('EPSG:32761', 0.0, -85.0, 200),
    'laea_3035': ('EPSG:3035', 10.0, 52.0, 100),
    'merc_3395': ('EPSG:3395', 10.0, 45.0, 100),
    'merc_3857': ('EPSG:3857', -100.0, 40.0, 100),
    'somerc_2056': ('EPSG:2056', 7.44, 46.95, 100),
    'omerc_3078': ('EPSG:3078', -86.0, 45.3, 100),
    'sterea_28992': ('EPSG:28992', 5.39, 52.16, 100),
    'krovak_5514': ('EPSG:5514', 14.42, 50.09, 100),
    'eqc_4087': ('EPSG:4087', 30.0, 10.0, 100),
    'cea_6933': ('EPSG:6933', 20.0, 30.0, 100),
    'geo_4269': ('EPSG:4269', -96.0, 38.0, 0.001),
    'geo_4258': ('EPSG:4258', 10.0, 52.0, 0.001),
    'geo_4283': ('EPSG:4283', 133.0, -25.0, 0.001),
    'geo_4267_nad27': ('EPSG:4267', -96.0, 38.0, 0.001),
    'geo_4326': ('EPSG:4326', 10.0, 45.0, 0.001),
    'user_sinu_modis': ('+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs', 10.0, 45.0, 463.312716528),
    'user_lcc_grs80': ('+proj=lcc +lat_1=33 +lat_2=45 +lat_0=39 +lon_0=-96 +x_0=0 +y_0=0 +ellps=GRS80 +units=m', -90.0, 40.0, 100),
    'user_tm_intl_towgs84': ('+proj=tmerc +lat_0=0 +lon_0=15 +k=0.9996 +x_0=500000 +y_0=0 +ellps=intl +towgs84=-87,-98,-121,0,0,0,0 +units=m', 15.0, 45.0, 100),
    'user_utm_wgs84': ('+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs', 15.0, 45.0, 100),
    'user_laea_sphere': ('+proj=laea +lat_0=45 +lon_0=-100 +x_0=0 +y_0=0 +a=6370997 +b=6370997 +units=m', -100.0, 45.0, 100),
    'user_stere_usft': ('+proj=stere +lat_0=90 +lat_ts=60 +lon_0=-105 +x_0=0 +y_0=0 +datum=WGS84 +units=us-ft', -100.0, 70.0, 600),
    'user_aea_nad83': ('+proj=aea +lat_1=29.5 +lat_2=45.5 +lat_0=23 +lon_0=-96 +x_0=0 +y_0=0 +datum=NAD83 +units=m', -100.0, 40.0, 100),
    'user_eqc': ('+proj=eqc +lat_ts=30 +lat_0=0 +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m', 20.0, 30.0, 100),
    'user_merc_lat_ts': ('+proj=merc +lat_ts=30 +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m', 20.0, 30.0, 100),
    'user_omerc': ('+proj=omerc +lat_0=4 +lonc=102.25 +alpha=323.0257905 +k=0.99984 +x_0=804671 +y_0=0 +no_uoff +gamma=323.1301023611111 +ellps=GRS80 +units=m', 102.0, 4.0, 100),
    'user_longlat_clrk66': ('+proj=longlat +ellps=clrk66 +no_defs', -96.0, 38.0, 0.001),
    'user_cea': ('+proj=cea +lat_ts=30 +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m', 20.0, 30.0, 100),
}
SIZE = 64


def srs_of(spec):
    s = osr.SpatialReference()
    s.SetFromUserInput(spec)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def wgs84():
    s = osr.SpatialReference()
    s.ImportFromEPSG(4326)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def write(path, spec, lon, lat, px):
    srs = srs_of(spec)
    x, y, _ = osr.CoordinateTransformation(wgs84(), srs).TransformPoint(lon, lat)
    # snap the origin to the pixel size, so the grid is plain
    x0 = math.floor(x / px) * px - SIZE / 2 * px
    y0 = math.floor(y / px) * px + SIZE / 2 * px
    mem = gdal.GetDriverByName('MEM').Create('', SIZE, SIZE, 1, gdal.GDT_UInt16)
    mem.SetGeoTransform([x0, px, 0, y0, 0, -px])
    mem.SetProjection(srs.ExportToWkt() if spec.startswith('EPSG:') else srs.ExportToWkt())
    mem.GetRasterBand(1).WriteArray(np.arange(1, SIZE * SIZE + 1, dtype=np.uint16).reshape(SIZE, SIZE))
    gdal.Translate(path, mem, creationOptions=['TILED=YES', 'BLOCKXSIZE=32', 'BLOCKYSIZE=32', 'COMPRESS=DEFLATE'])
    # the pentagon, in the CRS, about 40x40 px around the centre; then in lon/lat, rounded
    cx, cy = x0 + SIZE / 2 * px + 0.37 * px, y0 - SIZE / 2 * px - 0.21 * px
    ring = [(cx + 20 * px * math.cos(a), cy + 20 * px * math.sin(a)) for a in (0.3 + k * 2 * math.pi / 5 for k in range(5))]
    back = osr.CoordinateTransformation(srs, wgs84())
    lonlat = [tuple(round(v, 7) for v in back.TransformPoint(px_, py_)[:2]) for px_, py_ in ring]
    lonlat.append(lonlat[0])
    return lonlat


def expected(path, lonlat):
    geom = {'type': 'Polygon', 'coordinates': [lonlat]}
    with rasterio.open(path) as src:
        local = rasterio.warp.transform_geom('EPSG:4326', src.crs, geom)
        data, transform = rasterio.mask.mask(src, [local], crop=True, filled=True)
        masked, _ = rasterio.mask.mask(src, [local], crop=True, filled=False)
        return {
            'epsg': src.crs.to_epsg(),
            'wkt': 'POLYGON ((' + ', '.join('%r %r' % p for p in lonlat) + '))',
            'shape': list(data.shape), 'transform': list(transform)[:6],
            'values': data.ravel().tolist(), 'mask': (~np.ma.getmaskarray(masked)).ravel().tolist(),
        }


def main(out):
    os.makedirs(out, exist_ok=True)
    result = {}
    for name, (spec, lon, lat, px) in CRSS.items():
        path = os.path.join(out, name + '.tif')
        lonlat = write(path, spec, lon, lat, px)
        result[name] = dict(expected(path, lonlat), file=path, crs=spec)
    with open(os.path.join(out, 'expected.json'), 'w') as f:
        json.dump(result, f)


main(sys.argv[1])
