"""Writes Sentinel-2-like COGs with GDAL for the benchmarks: uint16, DEFLATE + horizontal
predictor, 512-pixel tiles, overviews, nodata 0, UTM 33N. Usage: make_cogs.py DIR COUNT SIZE"""
import os
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
out_dir, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out_dir, exist_ok=True)
yy, xx = np.mgrid[0:size, 0:size]
for i in range(count):
    path = os.path.join(out_dir, f"scene{i:03d}.tif")
    if os.path.exists(path):
        continue
    data = (1000 + 800 * np.sin(xx / (40 + i)) * np.cos(yy / 57) + (xx * 7 + yy * 3 + i) % 97).astype(np.uint16)
    mem = gdal.GetDriverByName("MEM").Create("", size, size, 1, gdal.GDT_UInt16)
    mem.SetGeoTransform((500000 + i * size * 10, 10, 0, 5800000, 0, -10))
    mem.SetProjection("EPSG:32633")
    mem.GetRasterBand(1).WriteArray(data)
    mem.GetRasterBand(1).SetNoDataValue(0)
    gdal.Translate(path + ".tmp", mem, format="COG", creationOptions=["COMPRESS=DEFLATE", "PREDICTOR=2", "BLOCKSIZE=512", "OVERVIEWS=AUTO"])
    os.rename(path + ".tmp", path)
