"""Zonal statistics as rasterio.mask + numpy give them, the reference for zonal_stats tests.

    /usr/bin/python3 test/zonal/zonal_expected.py < cases.json > expected.json

Each case: {"files": {band: path}, "wkt": geometry in the files' CRS, "all_touched": bool,
"stats": [...], "expression": python over the band names or null, "exclude_nodata": bool}.
Valid pixels are rasterio.mask.mask(filled=False)'s unmasked ones (inside the geometry and
valid in GDAL's mask band; with exclude_nodata false every pixel inside, filled), without
NaN as rasterstats drops them; an expression's pixel is
valid where all its bands are and the value is finite. Statistics are numpy's on float64
(std ddof=0, percentile linear, majority/minority: most/least frequent, smallest on ties).
Output, per case: a list (one entry per band and sample, or one for the expression) of
{"band", stat: value}; null for an empty zone, NaN/inf as strings.
"""
import json
import sys
import warnings

import numpy as np
import rasterio
from osgeo import ogr
from rasterio.mask import mask as rio_mask, raster_geometry_mask

warnings.simplefilter('ignore')


def masked(path, geom, all_touched, exclude_nodata):
    """(values per sample as 1-d float64 arrays of the counted pixels, pixels inside, filled data)."""
    with rasterio.open(path) as src:
        try:
            data, _ = rio_mask(src, [geom], crop=True, filled=False, all_touched=all_touched)
            filled, _ = rio_mask(src, [geom], crop=True, filled=True, all_touched=all_touched)
            outside, _, _ = raster_geometry_mask(src, [geom], crop=True, all_touched=all_touched)
        except ValueError:
            return None, 0
    inside = int((~outside).sum())
    out = []
    for k in range(data.shape[0]):
        v = data[k].astype('float64').compressed() if exclude_nodata else filled[k].astype('float64')[~outside]
        out.append(v[~np.isnan(v)])
    return (out, data), inside


def stat(name, v, inside):
    name = name.lower()
    if name == 'count':
        return int(v.size)
    if name == 'valid_fraction':
        return v.size / inside if inside > 0 else None
    if name == 'histogram':
        keys, counts = np.unique(v, return_counts=True)
        return [[float(a), int(b)] for a, b in zip(keys, counts)]
    if v.size == 0:
        return None
    if name in ('majority', 'minority', 'mode'):
        keys, counts = np.unique(v, return_counts=True)
        if name == 'mode':  # Sedona: the largest value on ties
            return float(keys[np.nonzero(counts == counts.max())[0][-1]])
        pick = counts.max() if name == 'majority' else counts.min()
        return float(keys[list(counts).index(pick)])
    if name.startswith('percentile_'):
        return float(np.percentile(v, float(name[len('percentile_'):])))
    if name in ('stddev', 'sd'):
        return float(np.std(v, ddof=1)) if v.size > 1 else None
    if name == 'variance':
        return float(np.var(v, ddof=1)) if v.size > 1 else None
    fn = {'sum': np.sum, 'mean': np.mean, 'min': np.min, 'max': np.max, 'std': np.std, 'median': np.median}[name]
    return float(fn(v))


def case(c):
    geom = json.loads(ogr.CreateGeometryFromWkt(c['wkt']).ExportToJson())
    excl = c.get('exclude_nodata', True)
    if not c.get('expression'):
        rows = []
        for band, path in c['files'].items():
            got, inside = masked(path, geom, c['all_touched'], excl)
            vals = got[0] if got else [np.array([])]
            for k, v in enumerate(vals):
                label = band if len(vals) == 1 else f'{band}_{k + 1}'
                rows.append({'band': label, **{s: stat(s, v, inside) for s in c['stats']}})
        return rows
    arrays, inside = {}, 0
    for band, path in c['files'].items():
        got, inside = masked(path, geom, c['all_touched'], True)
        if got is None:
            return [{s: stat(s, np.array([]), 0) for s in c['stats']}]
        arrays[band] = got[1][0]
    valid = np.logical_and.reduce([~np.ma.getmaskarray(a) for a in arrays.values()])
    env = {b: a.data.astype('float64') for b, a in arrays.items()}
    env.update(abs=np.abs, sqrt=np.sqrt, min=np.minimum, max=np.maximum)
    with np.errstate(all='ignore'):
        value = eval(c['expression'], {'__builtins__': {}}, env)  # the reference only: the test's own text
    value = np.broadcast_to(value, valid.shape)
    v = value[valid & np.isfinite(value)]
    return [{s: stat(s, v, inside) for s in c['stats']}]


def encode(x):
    if isinstance(x, float) and not np.isfinite(x):
        return 'NaN' if np.isnan(x) else ('Infinity' if x > 0 else '-Infinity')
    if isinstance(x, list):
        return [encode(i) for i in x]
    if isinstance(x, dict):
        return {k: encode(v) for k, v in x.items()}
    return x


print(json.dumps([encode(case(c)) for c in json.load(sys.stdin)]))
