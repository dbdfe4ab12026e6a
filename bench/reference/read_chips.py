"""Reference side of bench/cold-chips and bench/scale: for each (URL, geometry) task,
rasterio.open() then rasterio.mask.mask(src, [geom], crop=True), in a thread pool as a careful
rasterio user would (one dataset per task: GDAL datasets are not thread-safe). Each chip is
summarised as [count, sum] of its valid pixels (inside the geometry and not nodata), the
same numbers as rasterduck's chip_stats, so the two sides can be compared chip by chip.

Usage: read_chips.py TASKS.json THREADS. TASKS.json is [{"url": "/vsicurl/...", "geometry":
GeoJSON}, ...]. Each line on stdin runs one pass over every task and prints
{"ms": elapsed, "peakRssMb": the process's peak RSS so far, "chips": [[count, sum], ...]}:
the first pass is cold (fresh process), a second one warm (GDAL's /vsicurl/ caches kept)."""
import json
import resource
import sys
import time
import warnings
from concurrent.futures import ThreadPoolExecutor

import rasterio
import rasterio.mask
from rasterio.errors import NotGeoreferencedWarning

# rasterio 1.3 warns while rasterizing a geometry into its in-memory mask; the mask is right
warnings.filterwarnings("ignore", category=NotGeoreferencedWarning)

tasks = json.load(open(sys.argv[1]))
threads = int(sys.argv[2])


def chip(task):
    with rasterio.open(task["url"]) as src:
        # filled=False: a masked array that hides pixels outside the geometry and nodata
        data, _ = rasterio.mask.mask(src, [task["geometry"]], crop=True, filled=False)
        return [int(data.count()), int(data.sum(dtype="float64")) if data.count() else 0]


def one_pass():
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        chips = list(pool.map(chip, tasks))
    return {"ms": (time.perf_counter() - start) * 1000, "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "chips": chips}


with rasterio.Env():
    for _ in sys.stdin:
        print(json.dumps(one_pass()), flush=True)
