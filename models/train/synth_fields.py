"""Synthetic field patchworks for training and testing rasterduck's field-unet.

Each sample is an 8-band Sentinel-2-like image (B04, B03, B02, B08 for season a, then for
season b; digital numbers = reflectance x 10000, as Sentinel-2 L2A stores them) and an FTW
label mask: 0 non_field_background, 1 field, 2 field_boundaries.

What makes a pixel a field here, as in Fields of The World: it lies in a parcel whose crop
changes between the two seasons (green in one, bare soil or stubble in the other) and whose
surface is homogeneous; background parcels (forest, grassland, built-up, water) stay the
same across seasons and are textured. Boundaries are the field pixels with an 8-neighbour in
another parcel, so two touching fields are separated by a 2-pixel boundary band, as FTW's
masks draw them. Parcels are axis-aligned rectangles from recursive splits, rotated, or
Voronoi cells; some samples draw hedges or tracks on the boundaries, some only the spectral
contrast. Gaussian sensor noise, a 3x3 point-spread blur and, optionally, clouds in one
season are added on top; the labels ignore clouds (the truth on the ground).

numpy only (no torch), deterministic for a given seed, so tests can regenerate scenes:

    /usr/bin/python3 models/train/synth_fields.py --size 256 --seed 7 --out /tmp/scene

writes scene.f32 (8 x size x size float32, band-major, little-endian), label.u8
(size x size) and scene.json (shape and band order).
"""
import argparse
import json
import os

import numpy as np

BANDS = ["B04", "B03", "B02", "B08"]
# Reflectance x 10000 in B04 (red), B03 (green), B02 (blue), B08 (nir).
GREEN = np.array([450.0, 750.0, 400.0, 3800.0])
SOIL = np.array([2000.0, 1500.0, 1100.0, 2500.0])
STUBBLE = np.array([1500.0, 1300.0, 950.0, 2300.0])
BACKGROUND = {
    # name: (season signature, texture sigma as a fraction of the signal)
    "forest": (np.array([280.0, 520.0, 300.0, 2900.0]), 0.18),
    "grass": (np.array([700.0, 900.0, 550.0, 3000.0]), 0.10),
    "urban": (np.array([1900.0, 1800.0, 1700.0, 2300.0]), 0.30),
    "water": (np.array([350.0, 500.0, 600.0, 200.0]), 0.06),
}
BACKGROUND_NAMES = sorted(BACKGROUND)


def rect_parcels(rng, size):
    """Parcel ids from recursive rectangle splits in a rotated frame (fields along roads)."""
    span = size * 1.5  # the rotated frame must cover the image's corners
    rects, done = [(-span / 2, -span / 2, span / 2, span / 2)], []
    min_side = rng.uniform(7, 14)
    max_side = rng.uniform(18, 40)
    while rects:
        x0, y0, x1, y1 = rects.pop()
        w, h = x1 - x0, y1 - y0
        if max(w, h) < max_side and (max(w, h) < 2 * min_side or rng.random() < 0.35):
            done.append((x0, y0, x1, y1))
            continue
        if w >= h:
            cut = rng.uniform(x0 + min_side, max(x0 + min_side, x1 - min_side))
            rects += [(x0, y0, cut, y1), (cut, y0, x1, y1)]
        else:
            cut = rng.uniform(y0 + min_side, max(y0 + min_side, y1 - min_side))
            rects += [(x0, y0, x1, cut), (x0, cut, x1, y1)]
    angle = rng.uniform(0, np.pi / 2)
    rows, cols = np.mgrid[0:size, 0:size].astype(np.float64) - size / 2
    u = cols * np.cos(angle) - rows * np.sin(angle) + rng.uniform(-5, 5)
    v = cols * np.sin(angle) + rows * np.cos(angle) + rng.uniform(-5, 5)
    ids = np.zeros((size, size), dtype=np.int32)
    for i, (x0, y0, x1, y1) in enumerate(done):
        ids[(u >= x0) & (u < x1) & (v >= y0) & (v < y1)] = i
    return ids


def voronoi_parcels(rng, size):
    """Parcel ids from Voronoi cells of random seeds (irregular, older field systems)."""
    n = max(3, int(size * size / rng.uniform(250, 700)))
    seeds = rng.uniform(-4, size + 4, size=(n, 2))
    rows, cols = np.mgrid[0:size, 0:size].astype(np.float64)
    d = (rows[None] - seeds[:, 0, None, None]) ** 2 + (cols[None] - seeds[:, 1, None, None]) ** 2
    return np.argmin(d, axis=0).astype(np.int32)


def boundary_mask(ids):
    """Pixels with an 8-neighbour in another parcel; image edges are not boundaries."""
    out = np.zeros(ids.shape, dtype=bool)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr == 0 and dc == 0:
                continue
            shifted = np.roll(ids, (dr, dc), axis=(0, 1))
            diff = shifted != ids
            # np.roll wraps around; the wrapped row/column is not a neighbour
            if dr == 1:
                diff[0, :] = False
            if dr == -1:
                diff[-1, :] = False
            if dc == 1:
                diff[:, 0] = False
            if dc == -1:
                diff[:, -1] = False
            out |= diff
    return out


def crop_state(rng):
    """A field's surface in one season: a mix of green canopy and soil or stubble."""
    bare = SOIL if rng.random() < 0.6 else STUBBLE
    green = rng.uniform(0, 1)
    return green * GREEN + (1 - green) * bare


def field_signatures(rng):
    """Season a and b signatures of one field: the crop changes between them."""
    while True:
        a, b = crop_state(rng), crop_state(rng)
        # FTW's fields are cultivated: keep the seasonal change visible in NDVI terms
        if abs((a[3] - a[0]) / (a[3] + a[0]) - (b[3] - b[0]) / (b[3] + b[0])) > 0.2:
            return a, b


def blur(img):
    """A 3x3 point-spread function (centre 0.5), edges replicated."""
    pad = np.pad(img, ((0, 0), (1, 1), (1, 1)), mode="edge")
    h, w = img.shape[1:]
    out = 0.5 * img
    for dr, dc, wt in ((0, 1, 0.1), (2, 1, 0.1), (1, 0, 0.1), (1, 2, 0.1), (0, 0, 0.05), (0, 2, 0.05), (2, 0, 0.05), (2, 2, 0.05)):
        out = out + wt * pad[:, dr:dr + h, dc:dc + w]
    return out


def smooth_noise(rng, size, scale):
    """Low-frequency noise in [0, 1]: a sum of random Gaussian blobs."""
    rows, cols = np.mgrid[0:size, 0:size].astype(np.float64)
    field = np.zeros((size, size))
    for _ in range(rng.integers(2, 6)):
        r0, c0 = rng.uniform(0, size, 2)
        s = rng.uniform(0.5, 1.5) * scale
        field += np.exp(-((rows - r0) ** 2 + (cols - c0) ** 2) / (2 * s * s))
    return np.clip(field, 0, 1)


def add_cloud(rng, season):
    """Bright, soft-edged cloud over part of one season's four bands."""
    size = season.shape[1]
    alpha = np.clip((smooth_noise(rng, size, size * 0.15) - 0.3) * 2.0, 0, 0.9)
    cloud = rng.uniform(3500, 6000) * np.array([1.0, 1.0, 1.05, 1.1])[:, None, None]
    return season * (1 - alpha) + cloud * alpha


def sample(rng, size, clouds=True):
    """One (image float32 (8, size, size) in DN, label uint8 (size, size)) pair."""
    ids = rect_parcels(rng, size) if rng.random() < 0.6 else voronoi_parcels(rng, size)
    _, ids = np.unique(ids, return_inverse=True)
    ids = ids.reshape(size, size)
    n = ids.max() + 1
    field_share = rng.uniform(0.35, 0.95)
    is_field = rng.random(n) < field_share
    img = np.zeros((8, size, size))
    for p in range(n):
        where = ids == p
        k = int(where.sum())
        if is_field[p]:
            a, b = field_signatures(rng)
            sigma = rng.uniform(0.02, 0.06)
        else:
            sig, sigma = BACKGROUND[BACKGROUND_NAMES[rng.integers(len(BACKGROUND_NAMES))]]
            a = sig * rng.uniform(0.85, 1.15, 4)
            b = a * rng.uniform(0.93, 1.07, 4)  # background barely changes between seasons
        sig8 = np.concatenate([a, b])
        img[:, where] = sig8[:, None] * (1 + sigma * rng.standard_normal((1, k)) + 0.3 * sigma * rng.standard_normal((8, k)))
    edges = boundary_mask(ids)
    label = np.where(is_field[ids], np.where(edges, 2, 1), 0).astype(np.uint8)
    if rng.random() < 0.5:
        # hedges or tracks: paint part of the boundary band between parcels
        strip = np.concatenate([GREEN * 0.7 + SOIL * 0.3, GREEN * 0.8 + SOIL * 0.2]) if rng.random() < 0.5 else np.concatenate([SOIL, SOIL])
        paint = edges & (rng.random((size, size)) < 0.7)
        img[:, paint] = 0.5 * img[:, paint] + 0.5 * strip[:, None]
    img = blur(img) + rng.normal(0, 40, img.shape)
    if clouds and rng.random() < 0.2:
        s = rng.integers(2)
        img[4 * s:4 * s + 4] = add_cloud(rng, img[4 * s:4 * s + 4])
    return np.clip(img, 0, 10000).astype(np.float32), label


def dataset(seed, count, size, clouds=True):
    """`count` samples from one seeded generator, stacked: (count, 8, s, s), (count, s, s)."""
    rng = np.random.default_rng(seed)
    xs = np.zeros((count, 8, size, size), dtype=np.float32)
    ys = np.zeros((count, size, size), dtype=np.uint8)
    for i in range(count):
        xs[i], ys[i] = sample(rng, size, clouds)
    return xs, ys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-clouds", action="store_true")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    img, label = sample(np.random.default_rng(args.seed), args.size, clouds=not args.no_clouds)
    img.astype("<f4").tofile(os.path.join(args.out, "scene.f32"))
    label.tofile(os.path.join(args.out, "label.u8"))
    meta = {"bands": [f"{b}_{s}" for s in ("a", "b") for b in BANDS], "height": args.size, "width": args.size,
            "dtype": "float32", "layout": "band, row, col", "classes": ["non_field_background", "field", "field_boundaries"]}
    with open(os.path.join(args.out, "scene.json"), "w") as f:
        json.dump(meta, f, indent=2)


if __name__ == "__main__":
    main()
