"""Compares rasterduck's chips of fuzzed TIFFs with GDAL (rasterio), one JSON request per line.

Request: {"path", "data", "mask", "dtype", "shape": [bands, h, w], "transform": [a..f]}; data and
mask are raw files (native little-endian samples, 1 byte per mask value). Reply, one line each:
{"verdict": "gdal_error" | "not_compared" | "match" | "mismatch", "detail": str}. GDAL reading a
mutant is the reference only where it reads the whole image without error.
"""
import json
import sys
import warnings

import numpy as np
import rasterio

warnings.simplefilter('ignore')


def check(req):
    try:
        with rasterio.open(req['path']) as src:
            shape = [src.count, src.height, src.width]
            transform = list(src.transform)[:6]
            data = src.read()
            valid = src.read_masks() != 0
    except Exception as e:  # any GDAL failure: GDAL does not read this mutant, nothing to compare
        return {'verdict': 'gdal_error', 'detail': str(e)[:200]}
    if shape != req['shape']:
        return {'verdict': 'not_compared', 'detail': f'shape gdal {shape} rasterduck {req["shape"]}'}
    ours_t = np.array([np.nan if v is None else v for v in req['transform']], dtype=float)  # JSON has no NaN
    if not np.allclose(transform, ours_t, rtol=1e-9, atol=1e-9):
        return {'verdict': 'not_compared', 'detail': f'transform gdal {transform} rasterduck {req["transform"]}'}
    if str(data.dtype) != req['dtype']:
        return {'verdict': 'mismatch', 'detail': f'dtype gdal {data.dtype} rasterduck {req["dtype"]}'}
    ours = np.fromfile(req['data'], dtype=np.dtype(req['dtype']).newbyteorder('<')).reshape(shape)
    our_valid = np.fromfile(req['mask'], dtype=np.uint8).reshape(shape) != 0
    if not np.array_equal(our_valid, valid):
        return {'verdict': 'mismatch', 'detail': f'mask differs at {int((our_valid != valid).sum())} pixels'}
    a, b = ours[valid], data[valid]
    same = (a == b) | (np.isnan(a) & np.isnan(b)) if a.dtype.kind == 'f' else a == b
    if not same.all():
        i = int(np.argmin(same))
        return {'verdict': 'mismatch', 'detail': f'{int((~same).sum())} values differ, first rasterduck {a[i]} gdal {b[i]}'}
    return {'verdict': 'match', 'detail': ''}


for line in sys.stdin:
    print(json.dumps(check(json.loads(line))), flush=True)
