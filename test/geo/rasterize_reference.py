"""rasterio's answer for rasterize.test.ts: reads JSON cases on stdin, writes masks on stdout.

Each case: {"geometry": GeoJSON, "transform": [a, b, c, d, e, f], "width": w, "height": h,
"all_touched": bool}. Each answer: the mask rasterio.features.geometry_mask(invert=True)
returns (1 = burnt), row-major, as a string of '0'/'1', or null when rasterio refuses the
shape. Also answers geometry_window for the same shape on a raster of that size and
transform ("window": [col_off, row_off, width, height] or null for WindowError) and that
window's transform ("window_transform": [a, b, c, d, e, f]).
"""
import json
import sys
import warnings

import numpy as np
import rasterio
from affine import Affine
from rasterio.errors import WindowError
from rasterio.features import geometry_mask, geometry_window
from rasterio.io import MemoryFile

warnings.simplefilter('ignore')


def window_of(geom, transform, width, height):
    with MemoryFile() as mem:
        with mem.open(driver='GTiff', width=width, height=height, count=1, dtype='uint8',
                      transform=transform) as ds:
            try:
                w = geometry_window(ds, [geom])
            except WindowError:
                return None, None
            t = ds.window_transform(w)
            return [int(w.col_off), int(w.row_off), int(w.width), int(w.height)], list(t)[:6]


def answer(case):
    transform = Affine(*case['transform'])
    shape = (case['height'], case['width'])
    try:
        mask = geometry_mask([case['geometry']], out_shape=shape, transform=transform,
                             all_touched=case['all_touched'], invert=True)
        bits = ''.join('1' if v else '0' for v in mask.ravel().tolist())
    except ValueError:
        bits = None
    window, window_transform = window_of(case['geometry'], transform, case['width'], case['height'])
    return {'mask': bits, 'window': window, 'window_transform': window_transform}


def main():
    cases = json.load(sys.stdin)
    json.dump([answer(c) for c in cases], sys.stdout)


if __name__ == '__main__':
    main()
