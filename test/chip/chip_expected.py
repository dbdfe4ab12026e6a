"""What rasterio says a chip is, for every readable file of the fixture matrix.

    /usr/bin/python3 test/chip/chip_expected.py FIXTURES_DIR OUT_DIR

For each file of FIXTURES_DIR/manifest.json that a chip read must not refuse, writes
OUT_DIR/<name>.json (the cases) and OUT_DIR/<name>.bin.gz (their pixels, gzipped). Each case is a
geometry placed in pixel units on the file's grid (inside a tile, across a tile corner, on
the image edge, partly and fully outside, with a hole, a multipolygon, smaller than a
pixel, the whole image, on pixel centres, a line, a point, and one given in lon/lat that
rasterio reprojects with transform_geom), read with

    rasterio.mask.mask(ds, [geom], crop=True, filled=True, all_touched=...)

for the values and transform, and raster_geometry_mask + read(masked=True) for the mask
(true = valid: inside and not masked by the file). A case that does not overlap has
"null": true. The .bin.gz holds, per case, the filled array (native byte order, band-major)
then the mask (one byte per value); the JSON gives offsets. OUT_DIR/done.json is written
last: its presence means the folder is complete.
"""
import gzip
import json
import math
import os
import sys
import warnings

import numpy as np
import rasterio
from rasterio.mask import mask as rio_mask, raster_geometry_mask
from rasterio.warp import transform_geom

warnings.simplefilter('ignore')


def box(c0, r0, c1, r1):
    return [(c0, r0), (c1, r0), (c1, r1), (c0, r1), (c0, r0)]


def shapes(width, height, block, tiled):
    """name -> (kind, pixel rings or points, all_touched variants): the cases for one file."""
    bw, bh = block
    cx, cy = width / 2, height / 2
    corner = (bw, bh) if tiled and width > bw and height > bh else (cx, cy)
    pent = [(cx + 20 * math.cos(a), cy + 20 * math.sin(a)) for a in [i * 2 * math.pi / 5 + 0.3 for i in range(5)]]
    diamond = [(cx - 6.5, cy), (cx, cy - 6.5), (cx + 6.5, cy), (cx, cy + 6.5)]
    return {
        'a_inside_tile': ('Polygon', [box(10.3, 12.6, 30.7, 27.2)], [False]),
        'b_tile_corner': ('Polygon', [box(corner[0] - 9.4, corner[1] - 7.3, corner[0] + 11.2, corner[1] + 13.8)], [False, True]),
        'c_image_edge': ('Polygon', [box(0, 0, 15.5, 20.25)], [False]),
        'd_partly_outside': ('Polygon', [[(width - 10.5, 3.2), (width + 12.3, 10.1), (width - 4.1, 25.7), (width - 10.5, 3.2)]], [False, True]),
        'e_outside': ('Polygon', [box(width + 5.5, 2, width + 20, 9)], [False]),
        'f_hole': ('Polygon', [pent + [pent[0]], diamond + [diamond[0]]], [False, True]),
        'g_multipolygon': ('MultiPolygon', [[box(2.2, 3.1, 9.9, 8.4)], [box(14.5, 11.5, 22.5, 19.5)]], [False, True]),
        'h_subpixel': ('Polygon', [[(cx + 0.3, cy + 0.4), (cx + 0.7, cy + 0.45), (cx + 0.45, cy + 0.7), (cx + 0.3, cy + 0.4)]], [False, True]),
        'i_whole_image': ('Polygon', [box(0, 0, width, height)], [False]),
        'j_lonlat': ('Polygon', [box(cx - 12.2, cy - 9.7, cx + 14.1, cy + 8.3)], [False]),
        'k_on_centres': ('Polygon', [box(4.5, 6.5, 17.5, 14.5)], [False, True]),
        'l_line': ('LineString', [(1.7, 2.2), (31.4, 17.9), (45.2, 4.1)], [False, True]),
        'm_point': ('Point', (cx + 0.25, cy + 0.75), [False]),
    }


def to_map(transform, kind, coords):
    pt = lambda p: list(transform * p)  # noqa: E731
    if kind == 'Point':
        return {'type': kind, 'coordinates': pt(coords)}
    if kind == 'LineString':
        return {'type': kind, 'coordinates': [pt(p) for p in coords]}
    if kind == 'Polygon':
        return {'type': kind, 'coordinates': [[pt(p) for p in ring] for ring in coords]}
    return {'type': kind, 'coordinates': [[[pt(p) for p in ring] for ring in poly] for poly in coords]}


def expected(ds, geom, all_touched):
    """(filled array, transform, valid mask) as rasterio gives them, or None when no overlap."""
    try:
        filled, transform = rio_mask(ds, [geom], crop=True, filled=True, all_touched=all_touched)
    except ValueError:
        return None
    outside, _, window = raster_geometry_mask(ds, [geom], crop=True, all_touched=all_touched)
    masked = ds.read(window=window, masked=True)
    valid = ~(np.ma.getmaskarray(masked) | outside[np.newaxis, :, :])
    return filled, list(transform)[:6], valid


def cases_of(path, spec, blob):
    out = []
    with rasterio.open(path) as ds:
        tiled = spec['tiling'] == 'tiled'
        block = ds.block_shapes[0][::-1]
        for name, (kind, coords, touched) in shapes(ds.width, ds.height, block, tiled).items():
            geom = to_map(ds.transform, kind, coords)
            crs = None
            if name == 'j_lonlat':
                if ds.crs is None or ds.crs.to_epsg() is None:
                    continue
                lonlat = transform_geom(ds.crs, 'EPSG:4326', geom)
                geom, crs = transform_geom('EPSG:4326', ds.crs, lonlat), 'EPSG:4326'
                sent = lonlat
            else:
                sent = geom
            for all_touched in touched:
                out.append(one_case(ds, name, sent, crs, geom, all_touched, blob))
    return out


def one_case(ds, name, sent, crs, geom, all_touched, blob):
    case = {'name': name, 'geometry': sent, 'geometry_crs': crs, 'all_touched': all_touched}
    got = expected(ds, geom, all_touched)
    if got is None:
        return dict(case, null=True)
    filled, transform, valid = got
    data = np.ascontiguousarray(filled).tobytes()
    mask = np.ascontiguousarray(valid, dtype=np.uint8).tobytes()
    case.update(null=False, shape=list(filled.shape), dtype=str(filled.dtype), transform=transform,
                nodata=None if ds.nodata is None else (None if math.isnan(ds.nodata) else ds.nodata),
                nodata_is_nan=ds.nodata is not None and math.isnan(ds.nodata),
                data_offset=len(blob), data_bytes=len(data))
    blob.extend(data)
    case.update(mask_offset=len(blob), mask_bytes=len(mask))
    blob.extend(mask)
    return case


def main():
    fixtures, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    manifest = json.load(open(os.path.join(fixtures, 'manifest.json')))
    count = 0
    for spec in manifest['files']:
        if spec['refusal'] or spec['chip_refusal']:
            continue
        blob = bytearray()
        cases = cases_of(os.path.join(fixtures, spec['file']), spec, blob)
        count += len(cases)
        json.dump({'name': spec['name'], 'cases': cases}, open(os.path.join(out, spec['name'] + '.json'), 'w'))
        with gzip.open(os.path.join(out, spec['name'] + '.bin.gz'), 'wb', compresslevel=6) as f:
            f.write(bytes(blob))
    json.dump({'cases': count}, open(os.path.join(out, 'done.json'), 'w'))


if __name__ == '__main__':
    main()
