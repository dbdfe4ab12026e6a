"""Writes single-tile GDAL LZW GeoTIFFs whose data has long runs, for lzw.test.ts.

Usage: /usr/bin/python3 lzw-runs.py OUT_DIR > manifest.json
A run of one byte value encodes as codes whose strings grow by one byte each, every one
defined by the code itself (the KwKwK case), so long runs test the decoder's copies where
source and target overlap. Each entry gives the tile's stored bytes (BLOCK_OFFSET/SIZE)
and the array GDAL was given, both base64.
"""
import base64, json, os, sys
import numpy as np
from osgeo import gdal

gdal.UseExceptions()
out_dir = sys.argv[1]
rng = np.random.default_rng(3)
runs = np.repeat(np.arange(600) % 251, rng.integers(1, 400, 600))[:256 * 256].astype(np.uint8)
arrays = {
    'zeros': np.zeros((256, 256), np.uint8),
    'runs': np.resize(runs, (256, 256)),
    'blocks_uint16': (np.indices((256, 256)).sum(axis=0) // 40 * 1000).astype(np.uint16),
}
manifest = []
for name, arr in arrays.items():
    path = os.path.join(out_dir, name + '.tif')
    mem = gdal.GetDriverByName('MEM').Create('', 256, 256, 1, gdal.GDT_Byte if arr.dtype == np.uint8 else gdal.GDT_UInt16)
    mem.GetRasterBand(1).WriteArray(arr)
    written = gdal.GetDriverByName('GTiff').CreateCopy(path, mem, options=['COMPRESS=LZW', 'TILED=YES', 'BLOCKXSIZE=256', 'BLOCKYSIZE=256'])
    written = None  # GDAL 3.6 bindings close a dataset when its last reference goes
    ds = gdal.Open(path)  # kept while its band is used: a band outliving its dataset crashes
    band = ds.GetRasterBand(1)
    offset = int(band.GetMetadataItem('BLOCK_OFFSET_0_0', 'TIFF'))
    size = int(band.GetMetadataItem('BLOCK_SIZE_0_0', 'TIFF'))
    ds = None
    stored = open(path, 'rb').read()[offset:offset + size]
    manifest.append({'name': name, 'stored': base64.b64encode(stored).decode(),
                     'expected': base64.b64encode(arr.astype(arr.dtype.newbyteorder('<')).tobytes()).decode()})
json.dump(manifest, sys.stdout)
