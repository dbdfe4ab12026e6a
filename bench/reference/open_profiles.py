"""Reference side of bench/index-build: rasterio.open() of each URL for its profile, in a
thread pool as a rasterio user would. Prints JSON {"ms": elapsed, "files": n}."""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import rasterio

urls = [line.strip() for line in open(sys.argv[1]) if line.strip()]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 32


def profile(url):
    with rasterio.open(url) as src:
        return src.profile["width"], src.block_shapes[0], src.overviews(1)


start = time.perf_counter()
with rasterio.Env():
    with ThreadPoolExecutor(threads) as pool:
        out = list(pool.map(profile, urls))
print(json.dumps({"ms": (time.perf_counter() - start) * 1000, "files": len(out)}))
