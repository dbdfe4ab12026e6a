"""GDAL's answers for polygonize tests: reads JSON cases on stdin, writes answers on stdout.

Each case: {"width", "height", "values" (row-major ints), "transform" (rasterio a..f),
"nodata" (int or null), "connectivity" (4 or 8), "ours" (our polygons as GeoJSON
geometries, or null)}. The raster is written as a GeoTIFF with GDAL (Int32, nodata set),
then polygonized like gdal_polygonize.py: gdal.Polygonize on band 1 with the band's mask
band, 8CONNECTED=8 for 8-connectivity. Each answer: "features" ([value, GeoJSON geometry]
in GDAL's order) and, when "ours" is given, "burn": our polygons rasterized back with
gdal.RasterizeLayer onto the same grid (1-based feature index per pixel, 0 = none), and
"valid": GEOS's IsValid for each of our polygons.
"""
import json
import os
import warnings
import sys
import tempfile

import numpy as np
from osgeo import gdal, ogr

gdal.UseExceptions()


def write_raster(case, path):
    h, w = case['height'], case['width']
    ds = gdal.GetDriverByName('GTiff').Create(path, w, h, 1, gdal.GDT_Int32)
    a, b, c, d, e, f = case['transform']
    ds.SetGeoTransform([c, a, b, f, d, e])
    band = ds.GetRasterBand(1)
    if case.get('nodata') is not None:
        band.SetNoDataValue(case['nodata'])
    band.WriteArray(np.array(case['values'], dtype=np.int32).reshape(h, w))
    ds.FlushCache()
    return ds


def polygonize(ds, connectivity):
    band = ds.GetRasterBand(1)
    vds = ogr.GetDriverByName('Memory').CreateDataSource('out')
    layer = vds.CreateLayer('polygons', geom_type=ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn('value', ogr.OFTInteger))
    options = ['8CONNECTED=8'] if connectivity == 8 else []
    gdal.Polygonize(band, band.GetMaskBand(), layer, 0, options)
    return [[f.GetField(0), json.loads(f.GetGeometryRef().ExportToJson())] for f in layer]


def burn(ds, geometries):
    vds = ogr.GetDriverByName('Memory').CreateDataSource('ours')
    layer = vds.CreateLayer('ours', geom_type=ogr.wkbUnknown)
    layer.CreateField(ogr.FieldDefn('id', ogr.OFTInteger))
    for i, g in enumerate(geometries):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField(0, i + 1)
        feature.SetGeometry(ogr.CreateGeometryFromJson(json.dumps(g)))
        layer.CreateFeature(feature)
    target = gdal.GetDriverByName('MEM').Create('', ds.RasterXSize, ds.RasterYSize, 1, gdal.GDT_Int32)
    target.SetGeoTransform(ds.GetGeoTransform())
    gdal.RasterizeLayer(target, [1], layer, options=['ATTRIBUTE=id'])
    return target.GetRasterBand(1).ReadAsArray().ravel().tolist()


def answer(case, folder, i):
    ds = write_raster(case, os.path.join(folder, f'case{i}.tif'))
    out = {'features': polygonize(ds, case['connectivity'])}
    if case.get('ours') is not None:
        out['burn'] = burn(ds, case['ours'])
        out['valid'] = [ogr.CreateGeometryFromJson(json.dumps(g)).IsValid() for g in case['ours']]
    return out


def main():
    cases = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as folder:
        json.dump([answer(c, folder, i) for i, c in enumerate(cases)], sys.stdout)


main()
