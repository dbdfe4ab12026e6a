"""GDAL's verdict on COGs we wrote. For each file: the errors and warnings of GDAL's
validate_cloud_optimized_geotiff (full check), the overview factors and sizes rasterio
sees, and, per overview level, how many values differ from the same level made by GDAL:
the full-resolution image copied without overviews (gdal_translate), then
`gdaladdo -r average` with the same factors, both read with rasterio's overview_level.
Usage: check_cog.py FILE...; prints a JSON list."""
import json, os, subprocess, sys, tempfile
import numpy as np
import rasterio
from osgeo_utils.samples.validate_cloud_optimized_geotiff import validate

def levels(path, count):
    out = []
    for k in range(count):
        with rasterio.open(path, overview_level=k) as src:
            out.append(src.read())
    return out

report = []
for path in sys.argv[1:]:
    warnings, errors, _ = validate(path, full_check=True)
    with rasterio.open(path) as src:
        factors = src.overviews(1)
        nodata = src.nodata
    ours = levels(path, len(factors))
    diffs = []
    if factors:
        with tempfile.TemporaryDirectory() as tmp:
            full = os.path.join(tmp, "full.tif")
            subprocess.run(["gdal_translate", "-q", "-co", "TILED=YES", path, full], check=True)
            subprocess.run(["gdaladdo", "-q", "-r", "average", full, *map(str, factors)], check=True)
            for a, b in zip(ours, levels(full, len(factors))):
                same = (a == b) | (np.isnan(a) & np.isnan(b)) if a.dtype.kind == "f" else a == b
                diffs.append(int((~same).sum()))
    report.append({"errors": errors, "warnings": warnings, "factors": factors,
                   "sizes": [[int(a.shape[2]), int(a.shape[1])] for a in ours],
                   "valid": [int((~np.isnan(a)).sum() if a.dtype.kind == "f" else (a != nodata).sum()) for a in ours],
                   "differ": diffs})
print(json.dumps(report))
