"""Small GeoTIFFs that pin down GDAL 3.6's mask-band precedence, and rasterio's chips of them.

    /usr/bin/python3 test/chip/mask_rules.py OUT_DIR

The fixture matrix has each mask source alone; these files combine them or sit on an edge:
an internal mask with a nodata value, RGBA with a nodata value, gray + alpha, 16-bit alpha,
floats within GDAL's ARE_REAL_EQUAL of the nodata value and NaN beside a finite nodata,
a uint16 nodata only GDAL's UInt32 working type holds, a planar RGBA, a striped file with
an internal mask, a fractional integer nodata. Writes OUT_DIR/files/<name>.tif and, like
chip_expected.py, OUT_DIR/<name>.json + .bin.gz with the cases, then OUT_DIR/done.json.
"""
import gzip
import json
import os
import sys
import warnings

import numpy as np
import rasterio
from osgeo import gdal
from rasterio.transform import Affine

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chip_expected import one_case, to_map  # noqa: E402

warnings.simplefilter('ignore')
W, H = 70, 50
T = Affine(10.0, 0.0, 500000.0, 0.0, -10.0, 4000000.0)


def noise(rng, dtype, bands, values):
    """bands x H x W samples drawn from `values`, as `dtype`."""
    return rng.choice(np.array(values, dtype=dtype), size=(bands, H, W))


def files(rng):
    near = [-9999.0, -9999.0005, -9998.99, -9999.001, float('nan'), 12.5, 0.0]
    rgba = noise(rng, 'uint8', 4, [0, 5, 7, 200])
    rgba16 = noise(rng, 'uint16', 4, [0, 1, 200, 256, 257, 40000])
    return {
        'mask_and_nodata': (dict(dtype='uint8', count=1, nodata=7), noise(rng, 'uint8', 1, [7, 8, 9]), 'mask', {}),
        'rgba_nodata': (dict(dtype='uint8', count=4, nodata=5, photometric='RGB', alpha='YES'), rgba, None, {}),
        'gray_alpha': (dict(dtype='uint8', count=2, alpha='YES'), noise(rng, 'uint8', 2, [0, 3, 9]), None, {}),
        'rgba_u16': (dict(dtype='uint16', count=4, photometric='RGB', alpha='YES'), rgba16, None, {}),
        'rgba_planar': (dict(dtype='uint8', count=4, photometric='RGB', alpha='YES', interleave='band'), rgba, None, {}),
        'u16_alpha_nodata70000': (dict(dtype='uint16', count=2, alpha='YES'), noise(rng, 'uint16', 2, [0, 4464, 9]), None, {'nodata': 70000}),
        'f32_near_nodata': (dict(dtype='float32', count=1, nodata=-9999), noise(rng, 'float32', 1, near), None, {}),
        'f64_near_nodata': (dict(dtype='float64', count=1, nodata=-9999), noise(rng, 'float64', 1, near + [-9999 * (1 + 2e-7), -9999 * (1 + 3e-7)]), None, {}),
        'i16_fraction_nodata': (dict(dtype='int16', count=1, nodata=-9999.7), noise(rng, 'int16', 1, [-9999, -10000, 4]), None, {}),
        'striped_mask': (dict(dtype='uint16', count=1, blockysize=7), noise(rng, 'uint16', 1, [0, 1, 2]), 'mask', {}),
    }


def write(path, profile, data, mask, extra):
    options = dict(driver='GTiff', width=W, height=H, transform=T, crs='EPSG:32633', tiled=True,
                   blockxsize=32, blockysize=32, compress='deflate')
    options.update(profile)
    if 'blockysize' in profile and profile['blockysize'] == 7:
        options.update(tiled=False)
        options.pop('blockxsize')
    with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=True):
        with rasterio.open(path, 'w', **options) as ds:
            ds.write(data)
            if mask == 'mask':
                m = np.zeros((H, W), dtype='uint8')
                m[5:40, 8:60] = 255
                ds.write_mask(m)
    if 'nodata' in extra:  # a value rasterio will not write for the dtype; GDAL will
        gds = gdal.Open(path, gdal.GA_Update)
        for b in range(gds.RasterCount):
            gds.GetRasterBand(b + 1).SetNoDataValue(extra['nodata'])
        gds = None


GEOMS = {
    'whole': ('Polygon', [[(0, 0), (W, 0), (W, H), (0, H), (0, 0)]]),
    'hole': ('Polygon', [[(3.3, 2.2), (60.1, 4.4), (52.2, 45.5), (5.5, 40.7), (3.3, 2.2)],
                         [(20.5, 15.5), (35.5, 15.5), (35.5, 30.5), (20.5, 30.5), (20.5, 15.5)]]),
}


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, 'files'), exist_ok=True)
    rng = np.random.default_rng(20240611)
    names = []
    for name, (profile, data, mask, extra) in files(rng).items():
        path = os.path.join(out, 'files', name + '.tif')
        write(path, profile, data, mask, extra)
        blob, cases = bytearray(), []
        with rasterio.open(path) as ds:
            flags = [[f.name for f in band] for band in ds.mask_flag_enums]
            for gname, (kind, rings) in GEOMS.items():
                cases.append(dict(one_case(ds, gname, to_map(ds.transform, kind, rings), None,
                                           to_map(ds.transform, kind, rings), False, blob)))
        json.dump({'name': name, 'mask_flags': flags, 'cases': cases}, open(os.path.join(out, name + '.json'), 'w'))
        with gzip.open(os.path.join(out, name + '.bin.gz'), 'wb') as f:
            f.write(bytes(blob))
        names.append(name)
    json.dump({'files': names}, open(os.path.join(out, 'done.json'), 'w'))


if __name__ == '__main__':
    main()
