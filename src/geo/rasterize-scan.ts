/**
 * GDAL 3.6's low-level burners (alg/llrasterize.cpp), over vertices already in pixel space:
 * the scanline polygon fill, the point and Bresenham line burners, and the all-touched
 * line walk. Each writes 1 into a row-major mask and clips to it as GDAL's burn callbacks
 * (gvBurnScanline, gvBurnPoint in alg/gdalrasterize.cpp) do. Kept operation for operation,
 * because a pixel centre on an edge is decided by the exact rounding.
 */

/** Vertices of one or more parts (rings or lines), concatenated; `sizes` gives each part's count. */
export interface Parts {
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly sizes: readonly number[];
}

/** C's (int) cast of a double: truncation toward zero (clamped far outside any raster). */
function toInt(v: number): number {
  return Math.trunc(Math.max(-2147483648, Math.min(2147483647, v)));
}

/** gvBurnScanline: pixels x0..x1 of row y, clipped to the raster. */
function burnSpan(out: Uint8Array, width: number, y: number, x0: number, x1: number): void {
  if (x0 > x1) return;
  const from = Math.max(x0, 0);
  const to = Math.min(x1, width - 1);
  if (from <= to) out.fill(1, y * width + from, y * width + to + 1);
}

function burnPixel(out: Uint8Array, width: number, height: number, y: number, x: number): void {
  if (x >= 0 && x < width && y >= 0 && y < height) out[y * width + x] = 1;
}

/**
 * GDALdllImageFilledPolygon: for each row, the crossings of the line through the pixel
 * centres (y + 0.5) with every edge of every ring, rounded with floor(x + 0.5); pixels
 * between pairs of sorted crossings burn (even-odd, so holes stay empty). A horizontal
 * edge lying exactly on a centre line burns only when walked right to left.
 */
export function fillPolygon(p: Parts, width: number, height: number, out: Uint8Array): void {
  const n = p.sizes.reduce((s, k) => s + k, 0);
  if (n === 0) return;
  let dminy = p.y[0];
  let dmaxy = p.y[0];
  for (let i = 1; i < n; i++) {
    if (p.y[i] < dminy) dminy = p.y[i];
    if (p.y[i] > dmaxy) dmaxy = p.y[i];
  }
  const miny = Math.max(toInt(dminy), 0);
  const maxy = Math.min(toInt(dmaxy), height - 1);
  const ints = new Int32Array(n);
  for (let y = miny; y <= maxy; y++) {
    const count = rowCrossings(p, n, y, width, out, ints);
    const sorted = ints.subarray(0, count).sort();
    for (let i = 0; i + 1 < count; i += 2) {
      if (sorted[i] <= width - 1 && sorted[i + 1] > 0) burnSpan(out, width, y, sorted[i], sorted[i + 1] - 1);
    }
  }
}

/** The crossings of row y into `ints` (returned count); bottom horizontal edges burn directly. */
function rowCrossings(p: Parts, n: number, y: number, width: number, out: Uint8Array, ints: Int32Array): number {
  const dy = y + 0.5;
  let count = 0;
  let partOffset = 0;
  let part = 0;
  for (let i = 0; i < n; i++) {
    if (i === partOffset + p.sizes[part]) {
      partOffset += p.sizes[part];
      part++;
    }
    const ind1 = i === partOffset ? partOffset + p.sizes[part] - 1 : i - 1;
    const ind2 = i;
    let dy1 = p.y[ind1];
    let dy2 = p.y[ind2];
    if ((dy1 < dy && dy2 < dy) || (dy1 > dy && dy2 > dy)) continue;
    let dx1: number;
    let dx2: number;
    if (dy1 < dy2) {
      dx1 = p.x[ind1];
      dx2 = p.x[ind2];
    } else if (dy1 > dy2) {
      [dy1, dy2] = [dy2, dy1];
      dx2 = p.x[ind1];
      dx1 = p.x[ind2];
    } else {
      if (p.x[ind1] > p.x[ind2]) {
        const hx1 = toInt(Math.floor(p.x[ind2] + 0.5));
        const hx2 = toInt(Math.floor(p.x[ind1] + 0.5));
        if (!(hx1 > width - 1 || hx2 <= 0)) burnSpan(out, width, y, hx1, hx2 - 1);
      }
      continue; // a top horizontal edge is filled by the regular spans
    }
    if (dy < dy2 && dy >= dy1) {
      const intersect = ((dy - dy1) * (dx2 - dx1)) / (dy2 - dy1) + dx1;
      ints[count++] = toInt(Math.floor(intersect + 0.5));
    }
  }
  return count;
}

/** GDALdllImagePoint: the pixel holding each point (floor of its pixel coordinates). */
export function imagePoints(p: Parts, width: number, height: number, out: Uint8Array): void {
  for (let i = 0; i < p.x.length; i++) {
    burnPixel(out, width, height, toInt(Math.floor(p.y[i])), toInt(Math.floor(p.x[i])));
  }
}

/** GDALdllImageLine: Bresenham between the floored end points of each segment. */
export function imageLine(p: Parts, width: number, height: number, out: Uint8Array): void {
  for (let part = 0, n = 0; part < p.sizes.length; n += p.sizes[part++]) {
    for (let j = 1; j < p.sizes[part]; j++) {
      let iX = toInt(Math.floor(p.x[n + j - 1]));
      let iY = toInt(Math.floor(p.y[n + j - 1]));
      const iX1 = toInt(Math.floor(p.x[n + j]));
      const iY1 = toInt(Math.floor(p.y[n + j]));
      const dX = Math.abs(iX1 - iX);
      const dY = Math.abs(iY1 - iY);
      const xStep = iX > iX1 ? -1 : 1;
      const yStep = iY > iY1 ? -1 : 1;
      // GDAL skips a segment's end point except on the last segment; the next segment starts there
      const major = dX >= dY;
      const xErr = major ? dY << 1 : dX << 1;
      const yErr = major ? xErr - (dX << 1) : xErr - (dY << 1);
      let err = major ? xErr - dX : xErr - dY;
      let steps = major ? dX : dY;
      if (j !== p.sizes[part] - 1) steps--;
      for (; steps >= 0; steps--) {
        burnPixel(out, width, height, iY, iX);
        if (major) iX += xStep;
        else iY += yStep;
        if (err > 0) {
          if (major) iY += yStep;
          else iX += xStep;
          err += yErr;
        } else {
          err += xErr;
        }
      }
    }
  }
}
