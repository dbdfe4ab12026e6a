"""Writes Sentinel-2-like COGs with GDAL for the benchmarks: uint16, DEFLATE + horizontal
predictor, 512-pixel tiles, overviews, nodata 0, UTM 33N, scene i placed east of scene i-1.
Usage: make_cogs.py DIR COUNT SIZE [NOISE]. NOISE (default 0) is the standard deviation of
Gaussian noise added to the smooth pattern, so tiles compress like real reflectance (about
half their raw size) rather than like a synthetic gradient; values stay >= 1 (0 is nodata)."""
import os
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
out_dir, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
noise = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
os.makedirs(out_dir, exist_ok=True)
yy, xx = np.mgrid[0:size, 0:size]
for i in range(count):
    path = os.path.join(out_dir, f"scene{i:03d}.tif")
    if os.path.exists(path):
        continue
    smooth = 1000 + 800 * np.sin(xx / (40 + i)) * np.cos(yy / 57) + (xx * 7 + yy * 3 + i) % 97
    if noise > 0:
        smooth = smooth + np.random.default_rng(i).normal(0, noise, (size, size))
    data = np.clip(smooth, 1, 65535).astype(np.uint16)
    mem = gdal.GetDriverByName("MEM").Create("", size, size, 1, gdal.GDT_UInt16)
    mem.SetGeoTransform((500000 + i * size * 10, 10, 0, 5800000, 0, -10))
    mem.SetProjection("EPSG:32633")
    mem.GetRasterBand(1).WriteArray(data)
    mem.GetRasterBand(1).SetNoDataValue(0)
    gdal.Translate(path + ".tmp", mem, format="COG", creationOptions=["COMPRESS=DEFLATE", "PREDICTOR=2", "BLOCKSIZE=512", "OVERVIEWS=AUTO"])
    os.rename(path + ".tmp", path)
