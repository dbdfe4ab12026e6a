"""The reference composite: each scene reprojected onto the target grid with
rasterio.warp.reproject (GDAL's warper, exact transformer: tolerance=0), SCL classes
0, 1, 3, 8, 9, 10 masked (nearest) when the request says mask, then numpy's nanmedian per band and the count of valid
observations of the first band. Reads a JSON request on stdin, prints the result."""
import json, sys
import numpy as np
import rasterio
from rasterio.warp import reproject, Resampling

req = json.load(sys.stdin)
h, w = req["height"], req["width"]
dst_t = rasterio.Affine(*req["transform"])
kernel = getattr(Resampling, req["resampling"])
out = []
for window in req["windows"]:
    planes = {b: [] for b in req["bands"]}
    for scene in window:
        bad = np.zeros((h, w), bool)
        if req["mask"]:
          with rasterio.open(scene["SCL"]) as src:
            scl = np.full((h, w), np.nan, "float64")
            reproject(src.read(1).astype("float64"), scl, src_transform=src.transform, src_crs=src.crs, src_nodata=0,
                      dst_transform=dst_t, dst_crs=req["crs"], dst_nodata=np.nan, resampling=Resampling.nearest, tolerance=0)
            bad = np.isnan(scl) | np.isin(scl, [0, 1, 3, 8, 9, 10])
        for b in req["bands"]:
            with rasterio.open(scene[b]) as src:
                v = np.full((h, w), np.nan, "float64")
                reproject(src.read(1).astype("float64"), v, src_transform=src.transform, src_crs=src.crs, src_nodata=0,
                          dst_transform=dst_t, dst_crs=req["crs"], dst_nodata=np.nan, resampling=kernel, tolerance=0)
            v[bad] = np.nan
            planes[b].append(v)
    bands = []
    for i, b in enumerate(req["bands"]):
        stack = np.stack(planes[b]) if planes[b] else np.full((1, h, w), np.nan)
        with np.errstate(all="ignore"):
            import warnings
            warnings.simplefilter("ignore")
            med = np.nanmedian(stack, axis=0).astype("float32")
        bands.append(med)
        if i == 0:
            count = np.sum(~np.isnan(stack), axis=0).astype("float32")
    bands.append(count)
    out.append([[None if np.isnan(x) else float(x) for x in band.ravel()] for band in bands])
print(json.dumps(out))
