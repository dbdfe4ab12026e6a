"""Writes a time series of Sentinel-2-like red and NIR COGs over one grid for bench/ndvi-series:
DATES dates x 2 bands, uint16, DEFLATE + horizontal predictor, 512-pixel tiles, overviews,
nodata 0, UTM 33N with the top-left corner at (500000, 5800000) and 10 m pixels. A
vegetation pattern greens up and browns down over the season (NDVI from about 0.1 to
0.85), with Gaussian noise so tiles compress like real reflectance.
Usage: make_series.py DIR DATES SIZE [NOISE]; files are red_DD.tif and nir_DD.tif."""
import math
import os
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
out_dir, dates, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
noise = float(sys.argv[4]) if len(sys.argv) > 4 else 40.0
os.makedirs(out_dir, exist_ok=True)
yy, xx = np.mgrid[0:size, 0:size]
# how green each place can get: smooth patches, 0..1
vigour = 0.5 + 0.5 * np.sin(xx / 53.0) * np.cos(yy / 71.0)


def write(path, data):
    mem = gdal.GetDriverByName("MEM").Create("", size, size, 1, gdal.GDT_UInt16)
    mem.SetGeoTransform((500000, 10, 0, 5800000, 0, -10))
    mem.SetProjection("EPSG:32633")
    mem.GetRasterBand(1).WriteArray(data)
    mem.GetRasterBand(1).SetNoDataValue(0)
    gdal.Translate(path + ".tmp", mem, format="COG", creationOptions=["COMPRESS=DEFLATE", "PREDICTOR=2", "BLOCKSIZE=512", "OVERVIEWS=AUTO"])
    os.rename(path + ".tmp", path)


for d in range(dates):
    green = math.sin(math.pi * (d + 0.5) / dates) * vigour
    for k, (band, level) in enumerate((("red", 1400 - 1000 * green), ("nir", 1800 + 2600 * green))):
        path = os.path.join(out_dir, f"{band}_{d:02d}.tif")
        if not os.path.exists(path):
            rng = np.random.default_rng(1000 + 2 * d + k)
            write(path, np.clip(level + rng.normal(0, noise, (size, size)), 1, 65535).astype(np.uint16))
