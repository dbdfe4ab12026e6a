"""Writes GDAL GeoTIFFs for the codec tests and the raw blocks rasterio reads from them.

Usage: /usr/bin/python3 make-fixtures.py OUT_DIR < cases.json > manifest.json

Each case names a codec, dtype, predictor, byte order and layout. For every block the
manifest gives GDAL's BLOCK_OFFSET/BLOCK_SIZE ('TIFF' metadata domain) and a file holding
the rasterio read of that block's window, as little-endian (bands, rows, cols) samples.
The TIFF tags come from a small IFD reader here, independent of rasterduck's parser.
"""
import json, struct, sys, os, base64, warnings
import numpy as np
from osgeo import gdal
import rasterio
from rasterio.windows import Window

gdal.UseExceptions()
warnings.filterwarnings('ignore', category=rasterio.errors.NotGeoreferencedWarning)

TYPES = {1: 'B', 2: 's', 3: 'H', 4: 'I', 5: 'II', 6: 'b', 7: 'B', 8: 'h', 9: 'i', 10: 'ii',
         11: 'f', 12: 'd', 16: 'Q', 17: 'q', 18: 'Q'}
SIZES = {'B': 1, 's': 1, 'H': 2, 'I': 4, 'II': 8, 'b': 1, 'h': 2, 'i': 4, 'ii': 8, 'f': 4, 'd': 8, 'Q': 8, 'q': 8}


def read_first_ifd(path):
    """Tag id -> list of values (bytes for ASCII/UNDEFINED) of the first IFD."""
    data = open(path, 'rb').read()
    e = '<' if data[:2] == b'II' else '>'
    big = struct.unpack(e + 'H', data[2:4])[0] == 43
    off = struct.unpack(e + 'Q', data[8:16])[0] if big else struct.unpack(e + 'I', data[4:8])[0]
    n = struct.unpack(e + ('Q' if big else 'H'), data[off:off + (8 if big else 2)])[0]
    pos, entry, tags = off + (8 if big else 2), (20 if big else 12), {}
    for i in range(n):
        ent = data[pos + i * entry: pos + (i + 1) * entry]
        tag, typ = struct.unpack(e + 'HH', ent[:4])
        count = struct.unpack(e + ('Q' if big else 'I'), ent[4:12] if big else ent[4:8])[0]
        fmt = TYPES[typ]
        size = SIZES[fmt] * count
        inline = ent[12:] if big else ent[8:]
        if size <= len(inline):
            raw = inline[:size]
        else:
            vo = struct.unpack(e + ('Q' if big else 'I'), inline)[0]
            raw = data[vo:vo + size]
        if typ in (2, 7):
            tags[tag] = raw
        else:
            f = fmt.replace('II', 'I').replace('ii', 'i')
            k = count * (2 if fmt in ('II', 'ii') else 1)
            tags[tag] = list(struct.unpack(e + f * k, raw))
    return e == '<', tags


GDAL_TYPES = {'uint8': 'Byte', 'int8': 'Byte', 'uint16': 'UInt16', 'int16': 'Int16', 'uint32': 'UInt32',
              'int32': 'Int32', 'float32': 'Float32', 'float64': 'Float64'}


def make_array(case):
    """Deterministic test pattern: smooth for lossy codecs, noisy elsewhere."""
    h, w, b = case['height'], case['width'], case['bands']
    dt = np.dtype(case['dtype'])
    rng = np.random.default_rng(42)
    yy, xx = np.mgrid[0:h, 0:w]
    out = np.empty((b, h, w), dtype=dt)
    for k in range(b):
        smooth = (xx * (3 + k) + yy * (2 + 2 * k)) % 256
        if case.get('smooth'):
            base = 128 + 90 * np.sin(xx / (7.0 + k)) * np.cos(yy / (9.0 - k))
        else:
            base = smooth + rng.integers(0, 17, size=(h, w))
        if dt.kind == 'f':
            v = base * 1.37 - 100.25 + rng.standard_normal((h, w)) * (0 if case.get('smooth') else 3)
        elif dt.kind == 'i':
            v = base - 128 if dt.itemsize == 1 else (base - 100) * (37 if dt.itemsize > 2 else 9)
        else:
            v = base if dt.itemsize == 1 else base * (251 if dt.itemsize == 2 else 1000003)
        out[k] = np.asarray(v).astype(dt)
    if case.get('nan'):
        # whole pixels only: liblerc >= 3 per-band masks (partly NaN pixels) are not
        # readable by Debian's GDAL 3.6 / libtiff, so there is nothing to compare with
        out[:, 3:9, 5:14] = np.nan
        out[:, 20, 20] = np.nan
    if case.get('alpha'):
        out[-1] = 255
        out[-1, 10:20, 10:30] = 0
    return out


def write(case, path):
    arr = make_array(case)
    b, h, w = arr.shape
    gtype = gdal.GetDataTypeByName(GDAL_TYPES[case['dtype']])
    mem = gdal.GetDriverByName('MEM').Create('', w, h, b, gtype)
    for k in range(b):
        mem.GetRasterBand(k + 1).WriteArray(arr[k].view(np.uint8) if case['dtype'] == 'int8' else arr[k])
    if case.get('alpha'):
        mem.GetRasterBand(b).SetColorInterpretation(gdal.GCI_AlphaBand)
    opts = ['COMPRESS=' + case['compress'], 'ENDIANNESS=' + case.get('endian', 'LITTLE')]
    if case.get('tiled', True):
        opts += ['TILED=YES', 'BLOCKXSIZE=%d' % case['block'][0], 'BLOCKYSIZE=%d' % case['block'][1]]
    else:
        opts += ['BLOCKYSIZE=%d' % case['block'][1]]
    if case.get('predictor', 1) != 1:
        opts.append('PREDICTOR=%d' % case['predictor'])
    if case['dtype'] == 'int8':
        opts.append('PIXELTYPE=SIGNEDBYTE')
    opts += ['INTERLEAVE=' + case.get('interleave', 'PIXEL')]
    opts += case.get('options', [])
    gdal.GetDriverByName('GTiff').CreateCopy(path, mem, options=opts)


def image_of(little, tags):
    spp = tags.get(277, [1])[0]
    tiled = 322 in tags
    h = tags[257][0]
    image = {
        'ifdIndex': 0, 'role': 'full', 'width': tags[256][0], 'height': h, 'tiled': tiled,
        'blockWidth': tags[322][0] if tiled else tags[256][0],
        'blockHeight': tags[323][0] if tiled else min(tags.get(278, [h])[0], h),
        'bitsPerSample': tags[258], 'sampleFormat': tags.get(339, [1] * spp),
        'samplesPerPixel': spp, 'planarConfiguration': tags.get(284, [1])[0],
        'compression': tags.get(259, [1])[0], 'predictor': tags.get(317, [1])[0],
        'photometric': tags.get(262, [1])[0], 'extraSamples': tags.get(338, []),
        'blockOffsets': tags[324] if tiled else tags[273],
        'blockByteCounts': tags[325] if tiled else tags[279],
    }
    if 347 in tags:
        image['jpegTables'] = base64.b64encode(tags[347]).decode()
    if 50674 in tags:
        image['lercParameters'] = tags[50674]
    return image


def blocks_of(case, path, out_dir, image):
    ds = gdal.Open(path)
    bw, bh = image['blockWidth'], image['blockHeight']
    nx, ny = -(-image['width'] // bw), -(-image['height'] // bh)
    planar = image['planarConfiguration'] == 2
    blocks = []
    with rasterio.open(path) as src:
        for band in (range(image['samplesPerPixel']) if planar else [0]):
            for by in range(ny):
                for bx in range(nx):
                    b = ds.GetRasterBand(band + 1)
                    off = int(b.GetMetadataItem('BLOCK_OFFSET_%d_%d' % (bx, by), 'TIFF'))
                    size = int(b.GetMetadataItem('BLOCK_SIZE_%d_%d' % (bx, by), 'TIFF'))
                    w = min(bw, image['width'] - bx * bw)
                    h = min(bh, image['height'] - by * bh)
                    idx = [band + 1] if planar else list(range(1, image['samplesPerPixel'] + 1))
                    arr = src.read(idx, window=Window(bx * bw, by * bh, w, h))
                    if case['dtype'] == 'int8':
                        arr = arr.view(np.int8)
                    name = '%s_b%d_%d_%d.bin' % (case['name'], band, bx, by)
                    arr.astype(arr.dtype.newbyteorder('<')).tofile(os.path.join(out_dir, name))
                    blocks.append({'index': (band * ny + by) * nx + bx, 'offset': off, 'size': size,
                                   'width': w, 'height': h, 'expected': name})
    return blocks


def main():
    out_dir = sys.argv[1]
    manifest = []
    for case in json.load(sys.stdin):
        path = os.path.join(out_dir, case['name'] + '.tif')
        write(case, path)
        little, tags = read_first_ifd(path)
        image = image_of(little, tags)
        manifest.append({'case': case, 'path': path, 'littleEndian': little, 'image': image,
                         'blocks': blocks_of(case, path, out_dir, image)})
    json.dump(manifest, sys.stdout)


main()
