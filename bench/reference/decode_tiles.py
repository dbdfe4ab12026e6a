"""Reference side of bench/decode: GDAL writes one tiled file per codec, then decodes its
tiles on one core.

  decode_tiles.py make DIR TILES_PER_SIDE   writes DIR/<codec>-<n>.tif (512x512 tiles)
  decode_tiles.py serve                     per line "FILE MODE" on stdin, one pass over its
                                            tiles: prints {"ms", "cpuMs", "tiles"} per line

A session rather than one process per measurement, so the benchmark can alternate GDAL
and rasterduck passes and both sides meet the same machine load.

Decoding is GDAL as a careful single-core user gets it: GDAL_NUM_THREADS=1, the file's
bytes in /vsimem (so no file I/O is timed, as on the rasterduck side), one ReadRaster of
each tile's window into a buffer in the file's pixel-interleaved layout, so every band of
a tile comes from one decode. GDAL_CACHEMAX is 1 MB and the tiles are visited in order,
so each read decodes its tile again (the block cache and GTiff's last-tile buffer hold at
most the previous tile). The caller discards a warm-up pass. cpuMs is the process's CPU
time (time.process_time), a steadier measure than wall time on a busy machine. That is MODE "tiles".

MODE "all" is GDAL with every core: a fresh open with NUM_THREADS=ALL_CPUS (GTiff's
multi-threaded block decoding, GDAL >= 3.6) and one ReadRaster of the whole file, with a
block cache big enough for that path; closing the dataset after the pass drops its blocks.
"""
import json
import os
import sys
import time

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
TILE = 512

# codec name -> (dtype, bands, creation options)
CODECS = {
    'deflate': ('uint16', 1, ['COMPRESS=DEFLATE', 'PREDICTOR=2']),
    'zstd': ('uint16', 1, ['COMPRESS=ZSTD', 'PREDICTOR=2']),
    'lzw': ('uint16', 1, ['COMPRESS=LZW', 'PREDICTOR=2']),
    'lerc': ('float32', 1, ['COMPRESS=LERC', 'MAX_Z_ERROR=0']),
    'jpeg': ('uint8', 3, ['COMPRESS=JPEG', 'PHOTOMETRIC=YCBCR', 'JPEG_QUALITY=85']),
}
GDAL_TYPES = {'uint8': gdal.GDT_Byte, 'uint16': gdal.GDT_UInt16, 'float32': gdal.GDT_Float32}


def imagery(size, band, rng):
    """Smooth terrain-like field plus texture and sensor noise: compresses like real scenes."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    field = (np.sin(xx / (61 + 7 * band)) * np.cos(yy / 83) + 0.5 * np.sin((xx + yy) / 29)
             + 0.25 * np.cos(xx / 11 - yy / 13))
    return field + rng.standard_normal((size, size)).astype(np.float32) * 0.04


def make(out_dir, per_side):
    os.makedirs(out_dir, exist_ok=True)
    size = per_side * TILE
    rng = np.random.default_rng(7)
    for name, (dtype, bands, options) in CODECS.items():
        path = os.path.join(out_dir, f'{name}-{per_side}.tif')
        if os.path.exists(path):
            continue
        mem = gdal.GetDriverByName('MEM').Create('', size, size, bands, GDAL_TYPES[dtype])
        for b in range(bands):
            v = imagery(size, b, rng)
            if dtype == 'uint16':
                arr = (1800 + 700 * v).astype(np.uint16)      # reflectance-like counts
            elif dtype == 'float32':
                arr = (420.0 + 85.0 * v).astype(np.float32)    # an elevation model in metres
            else:
                arr = np.clip(110 + 60 * v, 0, 255).astype(np.uint8)
            mem.GetRasterBand(b + 1).WriteArray(arr)
        opts = ['TILED=YES', f'BLOCKXSIZE={TILE}', f'BLOCKYSIZE={TILE}', 'INTERLEAVE=PIXEL'] + options
        gdal.GetDriverByName('GTiff').CreateCopy(path + '.tmp', mem, options=opts)
        os.rename(path + '.tmp', path)
        print(path, file=sys.stderr)


class Tiles:
    """One file opened from memory, and a pass that decodes each of its tiles once."""

    def __init__(self, path):
        self.mem_path = '/vsimem/' + os.path.basename(path)
        with open(path, 'rb') as f:
            gdal.FileFromMemBuffer(self.mem_path, f.read())
        self.ds = gdal.Open(self.mem_path)
        self.bands = self.ds.RasterCount
        self.size = gdal.GetDataTypeSize(self.ds.GetRasterBand(1).DataType) // 8
        self.nx, self.ny = self.ds.RasterXSize // TILE, self.ds.RasterYSize // TILE
        self.buf = bytearray(TILE * TILE * self.bands * self.size)

    def all_cores_pass(self):
        gdal.SetCacheMax(512 << 20)
        ds = gdal.OpenEx(self.mem_path, gdal.OF_RASTER, open_options=['NUM_THREADS=ALL_CPUS'])
        start = time.perf_counter()
        ds.ReadRaster(0, 0, ds.RasterXSize, ds.RasterYSize, buf_pixel_space=self.bands * self.size,
                      buf_line_space=ds.RasterXSize * self.bands * self.size, buf_band_space=self.size)
        ms = (time.perf_counter() - start) * 1000
        ds = None
        gdal.SetCacheMax(1 << 20)
        return {'ms': ms, 'tiles': self.nx * self.ny}

    def one_pass(self):
        ds, bands, size, buf = self.ds, self.bands, self.size, self.buf
        start, cpu = time.perf_counter(), time.process_time()
        for by in range(self.ny):
            for bx in range(self.nx):
                ds.ReadRaster(bx * TILE, by * TILE, TILE, TILE, buf_obj=buf,
                              buf_pixel_space=bands * size, buf_line_space=TILE * bands * size, buf_band_space=size)
        return {'ms': (time.perf_counter() - start) * 1000, 'cpuMs': (time.process_time() - cpu) * 1000, 'tiles': self.nx * self.ny}


def main():
    if sys.argv[1] == 'make':
        make(sys.argv[2], int(sys.argv[3]))
        return
    gdal.SetConfigOption('GDAL_NUM_THREADS', '1')
    gdal.SetCacheMax(1 << 20)
    opened = {}
    for line in sys.stdin:
        path, mode = line.split()
        if path not in opened:
            opened[path] = Tiles(path)
        tiles = opened[path]
        print(json.dumps(tiles.one_pass() if mode == 'tiles' else tiles.all_cores_pass()), flush=True)


main()
