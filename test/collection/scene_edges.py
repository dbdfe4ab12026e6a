"""Scenes whose lon/lat outline is curved, and what rasterio reads near their edges.

    /usr/bin/python3 test/collection/scene_edges.py OUT_DIR

Writes three tiled DEFLATE uint16 GeoTIFFs with GDAL into OUT_DIR:
  utm65n.tif         EPSG:32633, 2000 x 2000 px of 100 m (200 km, 64-66 N): curved top edge
  nsidc_pole.tif     EPSG:3413, 1000 x 1000 px of 2 km, holding the north pole
  antarctic_180.tif  EPSG:3031, 1000 x 800 px of 1 km, across the antimeridian
and OUT_DIR/cases.json: per scene its four reprojected corners (the footprint a naive
reprojection gives, used as the collection's geometry), and fields (small squares) and
points just inside and just outside each edge, given in lon/lat (x = lon) as WKT with
17 significant digits, plus a square and a point on the pole given in EPSG:3413. For each,
what rasterio says: rasterio.mask.mask(crop=True, filled=True) of the geometry reprojected
vertex by vertex into the scene's CRS (transform_geom), with raster_geometry_mask's valid
pixels; for points, dataset.sample() at the reprojected point; null where rasterio finds
no overlap (fields) or the point is off the raster.
"""
import json
import os
import sys
import warnings

import numpy as np
import rasterio
import rasterio.mask
from osgeo import gdal, osr
from rasterio.warp import transform as rio_transform, transform_geom

warnings.simplefilter('ignore')
gdal.UseExceptions()

SCENES = [
    dict(name='utm65n', epsg=32633, x0=400000.0, y0=7300000.0, px=100.0, w=2000, h=2000),
    dict(name='nsidc_pole', epsg=3413, x0=-987655.0, y0=1000000.0, px=2000.0, w=1000, h=1000),
    dict(name='antarctic_180', epsg=3031, x0=-500000.0, y0=-700000.0, px=1000.0, w=1000, h=800),
]
# along each edge, where fields sit (fraction of the edge), and how far in or out (pixels)
ALONG = [0.07, 0.43, 0.93]  # not 0.5: the middle of the Antarctic scene is lon 180 itself
INSIDE = (0.4, 2.7)  # no whole pixel: PROJ and proj4 differ by 1e-9, enough to move a window edge
OUTSIDE = (-0.6, -0.2)
HALF = 1.35


def write_scene(s, path):
    rows, cols = np.mgrid[0:s['h'], 0:s['w']]
    data = ((rows * 31 + cols * 17) % 60000 + 1).astype(np.uint16)
    mem = gdal.GetDriverByName('MEM').Create('', s['w'], s['h'], 1, gdal.GDT_UInt16)
    mem.SetGeoTransform([s['x0'], s['px'], 0, s['y0'], 0, -s['px']])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(s['epsg'])
    mem.SetProjection(srs.ExportToWkt())
    mem.GetRasterBand(1).WriteArray(data)
    gdal.Translate(path, mem, creationOptions=['TILED=YES', 'BLOCKXSIZE=512', 'BLOCKYSIZE=512', 'COMPRESS=DEFLATE'])


def to_map(s, col, row):
    return s['x0'] + s['px'] * col, s['y0'] - s['px'] * row


def lonlat_of(s, pts):
    xs, ys = zip(*pts)
    lons, lats = rio_transform(f"EPSG:{s['epsg']}", 'EPSG:4326', list(xs), list(ys))
    return list(zip(lons, lats))


def wkt_polygon(ring):
    return 'POLYGON ((' + ', '.join(f'{x!r} {y!r}' for x, y in ring) + '))'


def squares(s):
    """name -> pixel ring of each field: inside and outside each edge, at ALONG."""
    w, h = s['w'], s['h']
    out = {}
    for t in ALONG:
        for side, (near, far) in (('in', INSIDE), ('out', OUTSIDE)):
            c, r = t * w, t * h
            boxes = {
                'top': (c - HALF, near, c + HALF, far),
                'bottom': (c - HALF, h - far, c + HALF, h - near),
                'left': (near, r - HALF, far, r + HALF),
                'right': (w - far, r - HALF, w - near, r + HALF),
            }
            for edge, (c0, r0, c1, r1) in boxes.items():
                out[f"{s['name']}-{edge}-{t}-{side}"] = [(c0, r0), (c1, r0), (c1, r1), (c0, r1), (c0, r0)]
    return out


def chip(src, geom):
    try:
        values, transform = rasterio.mask.mask(src, [geom], crop=True, filled=True)
        hidden, _, _ = rasterio.mask.raster_geometry_mask(src, [geom], crop=True)
    except ValueError:
        return None
    return {'shape': list(values.shape), 'transform': list(transform)[:6],
            'values': values.astype(float).ravel().tolist(), 'valid': (~hidden).ravel().tolist()}


def sample(src, s, x, y):
    col, row = ~src.transform * (x, y)
    if not (0 <= col < s['w'] and 0 <= row < s['h']):
        return None
    return [float(v) for v in next(src.sample([(x, y)]))]


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    scenes, fields, points = [], [], []
    for s in SCENES:
        path = os.path.join(out_dir, s['name'] + '.tif')
        write_scene(s, path)
        crs = f"EPSG:{s['epsg']}"
        corners = lonlat_of(s, [to_map(s, c, r) for c, r in [(0, 0), (s['w'], 0), (s['w'], s['h']), (0, s['h']), (0, 0)]])
        scenes.append({'id': s['name'], 'path': path, 'corners_wkt': wkt_polygon(corners)})
        given = {name: ('EPSG:4326', lonlat_of(s, [to_map(s, c, r) for c, r in ring])) for name, ring in squares(s).items()}
        if s['epsg'] == 3413:
            pc, pr = -s['x0'] / s['px'], s['y0'] / s['px']
            ring = [(pc - 3.3, pr - 2.7), (pc + 2.9, pr - 2.7), (pc + 2.9, pr + 3.1), (pc - 3.3, pr + 3.1), (pc - 3.3, pr - 2.7)]
            given[f"{s['name']}-pole"] = (crs, [to_map(s, c, r) for c, r in ring])
        with rasterio.open(path) as src:
            for name, (gcrs, ring) in given.items():
                geom = {'type': 'Polygon', 'coordinates': [ring]}
                local = transform_geom(gcrs, crs, geom) if gcrs != crs else geom
                fields.append({'id': name, 'scene': s['name'], 'crs': gcrs, 'wkt': wkt_polygon(ring), 'expected': chip(src, local)})
                # the field's first corner moved a quarter of the way to its opposite corner: inside the square
                (x0, y0), (x1, y1) = ring[0], ring[2]
                px, py = x0 + 0.25 * (x1 - x0), y0 + 0.25 * (y1 - y0)
                lx, ly = (px, py) if gcrs == crs else [v[0] for v in rio_transform(gcrs, crs, [px], [py])]
                points.append({'id': name, 'scene': s['name'], 'crs': gcrs, 'x': px, 'y': py, 'expected': sample(src, s, lx, ly)})
    with open(os.path.join(out_dir, 'cases.json'), 'w') as f:
        json.dump({'scenes': scenes, 'fields': fields, 'points': points}, f)


if __name__ == '__main__':
    main(sys.argv[1])
