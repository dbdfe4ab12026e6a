"""Fixture scenes for the mosaic tests, written with GDAL (through rasterio): four
overlapping 64x64 Sentinel-2-like scenes in UTM 33N (EPSG:32633), bands B04 and B08
(uint16, 10 m, nodata 0, tiled 32x32, deflate) with nodata holes, and an SCL band at 20 m
with cloud, shadow and cirrus classes. Usage: make_scenes.py <dir>; prints the manifest."""
import json, os, sys
import numpy as np
import rasterio
from rasterio.transform import from_origin

out = sys.argv[1]
rng = np.random.default_rng(7)
SCENES = [
    ("S0", "2024-05-01T10:00:00Z", 500000, 5800000),
    ("S1", "2024-05-11T10:00:00Z", 500200, 5799800),
    ("S2", "2024-05-21T10:00:00Z", 499800, 5799900),
    ("S3", "2024-07-01T10:00:00Z", 500100, 5800100),
]
profile = dict(driver="GTiff", dtype="uint16", count=1, crs="EPSG:32633", nodata=0,
               tiled=True, blockxsize=32, blockysize=32, compress="deflate")
manifest = []
for k, (sid, dt, x0, y0) in enumerate(SCENES):
    os.makedirs(os.path.join(out, sid), exist_ok=True)
    yy, xx = np.mgrid[0:64, 0:64]
    files = {}
    for b, base in (("B04", 800), ("B08", 3000)):
        v = base + 400 * np.sin((xx + x0 / 10) / 7.0) * np.cos((yy - y0 / 10) / 5.0) + rng.integers(0, 300, (64, 64)) + 97 * k
        v = v.astype("uint16")
        v[5 + 3 * k:12 + 3 * k, 20:30] = 0  # a nodata hole
        if b == "B08":
            v[40:44, 3 + k:9 + k] = 0  # a hole in one band only
        path = os.path.join(out, sid, f"{b}.tif")
        with rasterio.open(path, "w", width=64, height=64, transform=from_origin(x0, y0, 10, 10), **profile) as dst:
            dst.write(v, 1)
        files[b] = path
    scl = rng.choice([4, 5, 6, 7, 2, 11], size=(32, 32)).astype("uint16")
    scl[2 + 4 * k:8 + 4 * k, 10:18] = [8, 9, 3, 10][k]  # clouds, shadow, cirrus
    scl[20:23, 25:29] = 1  # saturated
    scl[0:2, 0:3] = 0  # no data
    path = os.path.join(out, sid, "SCL.tif")
    with rasterio.open(path, "w", width=32, height=32, transform=from_origin(x0, y0, 20, 20), **{**profile, "blockxsize": 16, "blockysize": 16}) as dst:
        dst.write(scl, 1)
    files["SCL"] = path
    manifest.append({"id": sid, "datetime": dt, **{f"{b}_href": p for b, p in files.items()}})
print(json.dumps(manifest))
