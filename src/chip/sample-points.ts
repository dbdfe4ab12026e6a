/**
 * Point sampling as rasterio's `dataset.sample()` does it: the pixel whose area holds the
 * point (rasterio.transform.rowcol with floor, through affine's own inverse), every band.
 * A point off the raster gives null (rasterio yields the nodata value there). The pixel is
 * read through the chip path as a 1x1 window, so a whole chunk of points is one wave.
 */
import { InputError, toErrorRecord } from '../errors.js';
import { transformGeometry } from '../geo/crs.js';
import type { Position } from '../geo/geometry.js';
import { parseWkb, toWkb } from '../geo/wkb.js';
import { invertAffineRasterio } from '../geo/window.js';
import type { Outcome } from '../io/outcome.js';
import type { ChipRequest } from './chip.js';
import type { ChipRaster } from './chip-raster.js';
import { readChipRows, resolveRasters } from './read-chip-rows.js';
import { chipValues } from './values.js';

/** The pixel (row, col) holding a point, or null off the raster. */
function pixelOf(raster: ChipRaster, [x, y]: Position): { row: number; col: number } | null {
  const inv = invertAffineRasterio(raster.affine);
  if (!inv) throw new InputError({ url: raster.url, reason: 'the raster transform cannot be inverted' });
  const col = Math.floor(inv.a * x + inv.b * y + inv.c);
  const row = Math.floor(inv.d * x + inv.e * y + inv.f);
  const inside = row >= 0 && col >= 0 && row < raster.image.height && col < raster.image.width;
  return inside ? { row, col } : null;
}

/** A square well inside one pixel, in map coordinates: its window is exactly that pixel. */
function pixelSquare(raster: ChipRaster, row: number, col: number): Uint8Array {
  const { a, b, c, d, e, f } = raster.affine;
  const at = (dc: number, dr: number): Position => [a * (col + dc) + b * (row + dr) + c, d * (col + dc) + e * (row + dr) + f];
  return toWkb({ type: 'Polygon', coordinates: [[at(0.25, 0.25), at(0.75, 0.25), at(0.75, 0.75), at(0.25, 0.75), at(0.25, 0.25)]] });
}

function pointOf(req: ChipRequest, raster: ChipRaster): Position {
  let g = parseWkb(req.wkb);
  if (req.geometryCrs) {
    if (!raster.crs) throw new InputError({ url: req.url, reason: 'the raster has no CRS, so a point in another CRS cannot be placed on it' });
    g = transformGeometry(g, req.geometryCrs, raster.crs, { alwaysXy: true });
  }
  if (g.type !== 'Point') throw new InputError({ url: req.url, reason: `sample_point needs a POINT, not a ${g.type}` });
  return g.coordinates;
}

/** The band values under each point (null off the raster), one Outcome per request. */
export async function samplePoints(requests: readonly ChipRequest[]): Promise<Outcome<number[] | null>[]> {
  const rasters = await resolveRasters(requests);
  const squares: (ChipRequest | Outcome<null>)[] = rasters.map((r, i) => {
    if (!r.ok) return r as Outcome<null>;
    try {
      const pixel = pixelOf(r.value, pointOf(requests[i], r.value));
      if (!pixel) return { ok: true, value: null };
      return { url: requests[i].url, metadata: requests[i].metadata, wkb: pixelSquare(r.value, pixel.row, pixel.col) };
    } catch (e) {
      return { ok: false, error: toErrorRecord(e, requests[i].url) };
    }
  });
  const reads = squares.filter((s): s is ChipRequest => 'wkb' in s);
  const chips = await readChipRows({ requests: reads });
  let next = 0;
  return squares.map((s) => {
    if (!('wkb' in s)) return s;
    const chip = chips[next++];
    if (!chip.ok) return chip;
    return { ok: true, value: chip.value ? Array.from(chipValues(chip.value)) : null };
  });
}
