"""Reference side of bench/ndvi-series: mean NDVI of each field polygon on each date with
rasterio, in a thread pool. NDVI is (nir - red) / (nir + red) in float32 over the pixels
valid in both bands (inside the field, not nodata, nir + red != 0), averaged in float64:
what rasterduck's chip_stats(chip_normalized_difference(nir, red)) computes.

Usage: ndvi_series.py JOB.json THREADS MODE. JOB.json is {"dates": [{"red": url, "nir":
url}, ...], "fields": [GeoJSON, ...]}. MODE "scene": one task per date that opens its two
files once and masks every field (GDAL's block cache then decodes each tile once per
date); MODE "field": one task per (field, date), each thread keeping its own open
datasets (they are not thread-safe). Each line on stdin runs one pass and prints
{"ms": elapsed, "peakRssMb": peak RSS so far, "means": [[mean per date] per field]}."""
import json
import resource
import sys
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import rasterio
import rasterio.mask
from rasterio.errors import NotGeoreferencedWarning

# rasterio 1.3 warns while rasterizing a geometry into its in-memory mask; the mask is right
warnings.filterwarnings("ignore", category=NotGeoreferencedWarning)

job = json.load(open(sys.argv[1]))
threads = int(sys.argv[2])
mode = sys.argv[3] if len(sys.argv) > 3 else "scene"
dates, fields = job["dates"], job["fields"]


def mean_ndvi(red, nir, geom):
    r, _ = rasterio.mask.mask(red, [geom], crop=True, filled=False)
    n, _ = rasterio.mask.mask(nir, [geom], crop=True, filled=False)
    r32, n32 = r.data.astype(np.float32), n.data.astype(np.float32)
    total = n32 + r32
    valid = ~(np.ma.getmaskarray(r) | np.ma.getmaskarray(n)) & (total != 0)
    if not valid.any():
        return None
    ndvi = (n32[valid] - r32[valid]) / total[valid]
    return float(ndvi.astype(np.float64).mean())


def per_scene(d):
    with rasterio.open(dates[d]["red"]) as red, rasterio.open(dates[d]["nir"]) as nir:
        return [mean_ndvi(red, nir, g) for g in fields]


local = threading.local()


def dataset(url):
    cache = local.__dict__.setdefault("open", {})
    if url not in cache:
        cache[url] = rasterio.open(url)
    return cache[url]


def per_field(task):
    f, d = task
    return mean_ndvi(dataset(dates[d]["red"]), dataset(dates[d]["nir"]), fields[f])


def one_pass():
    start = time.perf_counter()
    means = [[None] * len(dates) for _ in fields]
    with ThreadPoolExecutor(threads) as pool:
        if mode == "scene":
            for d, column in enumerate(pool.map(per_scene, range(len(dates)))):
                for f, m in enumerate(column):
                    means[f][d] = m
        else:
            tasks = [(f, d) for d in range(len(dates)) for f in range(len(fields))]
            for (f, d), m in zip(tasks, pool.map(per_field, tasks)):
                means[f][d] = m
    return {"ms": (time.perf_counter() - start) * 1000, "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "means": means}


with rasterio.Env():
    for _ in sys.stdin:
        print(json.dumps(one_pass()), flush=True)
