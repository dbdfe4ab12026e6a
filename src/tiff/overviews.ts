/**
 * Overview levels for the COG writer, made as GDAL 3.6's `gdaladdo -r average` makes them
 * for a raster with a nodata value (gcore/overview.cpp): each level halves the one before,
 * sizes rounded up, and so covers the same extent with pixels of extent / size; a pixel is
 * the area-weighted mean, in double precision, of the valid pixels of the previous level it
 * covers (nodata and NaN left out; none valid gives nodata), stored in the dtype (integers
 * rounded half up; one that rounds to an integer nodata value stays so, where GDAL moves it
 * one step off). Levels are added while the last is larger than one tile on a side, the
 * stop of GDAL's COG driver and gdaladdo.
 *
 * Average, not GDAL's default nearest: the mosaic's bands are float32 medians with NaN
 * holes and a zoomed-out view should show their mean, not one pixel in four; NaN holes
 * shrink instead of spreading. Without a nodata value GDAL lets NaN spread and sums 2x2
 * blocks in float32, so there it can differ from these.
 */

/** Pixels band-major (band, row, col), as the COG writer takes them. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly pixels: ArrayLike<number>;
}

/** An array the level is written into (the dtype's typed array: stores cast as TIFF will). */
export type PixelSink = ArrayLike<number> & { [i: number]: number };

/** Sizes [width, height] of the overview levels of a width x height image with square tiles of tileSizePx. */
export function overviewSizes(width: number, height: number, tileSizePx: number): [number, number][] {
  const sizes: [number, number][] = [];
  for (let [w, h] = [width, height]; w > tileSizePx || h > tileSizePx;) {
    [w, h] = [Math.ceil(w / 2), Math.ceil(h / 2)];
    sizes.push([w, h]);
  }
  return sizes;
}

/** The source pixels under one target pixel along an axis: [first, end) and the weights of the two edge ones. */
interface Span {
  readonly first: number;
  readonly end: number;
  readonly firstWeight: number;
  readonly lastWeight: number;
}

// GDAL's PrecomputedXValue: the 1e-8 guards against float noise in i * ratio
function spans(sourcePx: number, targetPx: number): Span[] {
  const ratio = sourcePx / targetPx;
  return Array.from({ length: targetPx }, (_, i) => {
    const [from, to] = [i * ratio, (i + 1) * ratio];
    const first = Math.trunc(from + 1e-8);
    const end = Math.min(Math.max(Math.ceil(to - 1e-8), first + 1), sourcePx);
    return { first, end, firstWeight: end === first + 1 ? 1 : 1 - (from - first), lastWeight: 1 - (end - to) };
  });
}

/**
 * The next level of `source` (`bands` of them), width x height, written into `out`.
 * `integer` rounds means half up, as GDAL does for integer samples.
 */
export function averageLevel(source: Raster, bands: number, width: number, height: number, nodata: number | undefined, integer: boolean, out: PixelSink): Raster {
  const [xs, ys] = [spans(source.width, width), spans(source.height, height)];
  const src = source.pixels;
  const empty = nodata ?? NaN;
  for (let b = 0; b < bands; b++) {
    const plane = b * source.width * source.height;
    for (let row = 0; row < height; row++) {
      const y = ys[row];
      for (let col = 0; col < width; col++) {
        const x = xs[col];
        let [total, weight] = [0, 0];
        // summed in GDAL's order (edge pixels weighted, by row, then rows weighted) so doubles round alike
        for (let r = y.first; r < y.end; r++) {
          const at = plane + r * source.width;
          let [lineTotal, lineWeight] = [0, 0];
          for (let c = x.first; c < x.end; c++) {
            const v = src[at + c];
            if (v !== v || v === nodata) continue;
            const w = c === x.first ? x.firstWeight : c === x.end - 1 ? x.lastWeight : 1;
            lineTotal += w === 1 ? v : v * w;
            lineWeight += w;
          }
          const wy = r === y.first ? y.firstWeight : r === y.end - 1 ? y.lastWeight : 1;
          total += lineTotal * wy;
          weight += lineWeight * wy;
        }
        const mean = total / weight;
        out[(b * height + row) * width + col] = weight === 0 ? empty : integer ? Math.floor(mean + 0.5) : mean;
      }
    }
  }
  return { width, height, pixels: out };
}
