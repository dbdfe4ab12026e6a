"""Reference side of bench/collection-build: what a Python user does without Rasteret
(pystac-client is not installed here, so its paging is written out): POST /search and
follow rel=next links one page at a time, then rasterio.open() every asset's COG for its
profile in a thread pool. Prints JSON {"ms", "search_ms", "items", "files"}.

usage: stac_build.py API_ROOT COLLECTION ASSET THREADS [LIMIT]
"""
import json
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import rasterio

root, collection, asset, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
limit = int(sys.argv[5]) if len(sys.argv) > 5 else 250


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as res:
        return json.load(res)


def search():
    body = {"collections": [collection], "limit": limit}
    url, items = root + "/search", []
    while url:
        page = post(url, body)
        items += page["features"]
        nxt = next((link for link in page.get("links", []) if link["rel"] == "next"), None)
        if nxt is None:
            break
        body = {**body, **nxt.get("body", {})} if nxt.get("merge") else nxt.get("body", body)
        url = nxt["href"]
    return items


def profile(href):
    with rasterio.open(href) as src:
        return src.profile["width"], src.block_shapes[0]


start = time.perf_counter()
items = search()
searched = time.perf_counter()
with rasterio.Env():
    with ThreadPoolExecutor(threads) as pool:
        out = list(pool.map(profile, [i["assets"][asset]["href"] for i in items]))
end = time.perf_counter()
print(json.dumps({"ms": (end - start) * 1000, "search_ms": (searched - start) * 1000, "items": len(items), "files": len(out)}))
