/**
 * GDAL 3.6's all-touched line walk (GDALdllImageLineAllTouched, alg/llrasterize.cpp): every
 * pixel a segment passes through burns. GDAL also runs it over polygon rings in
 * ALL_TOUCHED mode, which is what makes rasterio's `all_touched=True` grow polygons.
 */
import type { Parts } from './rasterize-scan.js';

interface Segment {
  x: number;
  y: number;
  xEnd: number;
  yEnd: number;
}

function burn(out: Uint8Array, width: number, y: number, x: number): void {
  out[y * width + x] = 1;
}

/**
 * How close to a pixel edge a polygon edge must be to count as lying on it (GDAL's
 * bIntersectOnly test, GDAL issue #6414). 0.01 is what Debian's GDAL 3.6.2 does, measured
 * against rasterio on thousands of shapes (test/geo/rasterize.test.ts): GDAL 3.7 lowered
 * it to 1e-4 (EPSILON_INTERSECT_ONLY, issue #7523) and also stops the burn 1e-4 short of
 * a segment's end, which 3.6.2 does not.
 */
const EPSILON = 0.01;

/** True when both values are within EPSILON of a whole number (C's std::round: halves away from zero). */
function onGridLine(a: number, b: number): boolean {
  const round = (v: number): number => Math.sign(v) * Math.round(Math.abs(v));
  return Math.abs(a - round(a)) < EPSILON && Math.abs(b - round(b)) < EPSILON;
}

/** Near-vertical: one column, clipped in y (GDAL's "special case for vertical lines"). */
function vertical(s: Segment, width: number, height: number, out: Uint8Array, ring: boolean): void {
  // a polygon edge along a column edge touches no pixel's inside (bIntersectOnly)
  if (ring && onGridLine(s.x, s.xEnd)) return;
  let [y0, y1] = [s.y, s.yEnd];
  if (y1 < y0) [y0, y1] = [y1, y0];
  const iX = Math.floor(s.xEnd);
  if (iX < 0 || iX >= width) return;
  const from = Math.max(Math.floor(y0), 0);
  const to = Math.min(Math.floor(y1), height - 1);
  for (let iY = from; iY <= to; iY++) burn(out, width, iY, iX);
}

/** Near-horizontal: one row, clipped in x. */
function horizontal(s: Segment, width: number, height: number, out: Uint8Array, ring: boolean): void {
  if (ring && onGridLine(s.y, s.yEnd)) return;
  let [x0, x1] = [s.x, s.xEnd];
  if (x1 < x0) [x0, x1] = [x1, x0];
  const iY = Math.floor(s.y);
  if (iY < 0 || iY >= height) return;
  const from = Math.max(Math.floor(x0), 0);
  const to = Math.min(Math.floor(x1), width - 1);
  for (let iX = from; iX <= to; iX++) burn(out, width, iY, iX);
}

/** Clips a left-to-right sloped segment to the raster as GDAL does (X first, then Y). */
function clip(s: Segment, slope: number, width: number, height: number): void {
  if (s.xEnd > width) {
    s.yEnd -= (s.xEnd - width) * slope;
    s.xEnd = width;
  }
  if (s.x < 0.0) {
    s.y += (0.0 - s.x) * slope;
    s.x = 0.0;
  }
  if (s.yEnd > s.y) {
    if (s.y < 0.0) {
      s.x += (0.0 - s.y) / slope;
      s.y = 0.0;
    }
    if (s.yEnd >= height) s.xEnd = Math.min(s.xEnd + (s.yEnd - height) / slope, width);
  } else {
    if (s.y >= height) {
      s.x += (height - s.y) / slope;
      s.y = height;
    }
    if (s.yEnd < 0.0) s.xEnd -= (s.yEnd - 0) / slope;
  }
}

/** The general case: step pixel to pixel along a left-to-right sloped segment. */
function sloped(s: Segment, width: number, height: number, out: Uint8Array): void {
  const slope = (s.yEnd - s.y) / (s.xEnd - s.x);
  clip(s, slope, width, height);
  let { x, y } = s;
  while (x >= 0.0 && x < s.xEnd) {
    const iX = Math.floor(x);
    const iY = Math.floor(y);
    if (iY >= 0 && iY < height) burn(out, width, iY, iX);
    let stepX = Math.floor(x + 1.0) - x;
    let stepY = stepX * slope;
    if (Math.floor(y + stepY) === iY) {
      x += stepX;
      y += stepY;
    } else if (slope < 0) {
      // GDAL's minimum step keeps the walk moving when it lands exactly on a row edge
      stepY = iY - y;
      if (stepY > -0.000000001) stepY = -0.000000001;
      stepX = stepY / slope;
      x += stepX;
      y += stepY;
    } else {
      stepY = iY + 1 - y;
      if (stepY < 0.000000001) stepY = 0.000000001;
      stepX = stepY / slope;
      x += stepX;
      y += stepY;
    }
  }
}

function segment(p: Parts, i: number, width: number, height: number, out: Uint8Array, ring: boolean): void {
  let [x, y, xEnd, yEnd] = [p.x[i - 1], p.y[i - 1], p.x[i], p.y[i]];
  // skip segments off the raster
  if ((y < 0.0 && yEnd < 0.0) || (y > height && yEnd > height) || (x < 0.0 && xEnd < 0.0) || (x > width && xEnd > width)) return;
  if (x > xEnd) [x, y, xEnd, yEnd] = [xEnd, yEnd, x, y];
  const s: Segment = { x, y, xEnd, yEnd };
  if (Math.floor(x) === Math.floor(xEnd) || Math.abs(x - xEnd) < 0.01) vertical(s, width, height, out, ring);
  else if (Math.floor(y) === Math.floor(yEnd) || Math.abs(y - yEnd) < 0.01) horizontal(s, width, height, out, ring);
  else sloped(s, width, height, out);
}

/**
 * GDALdllImageLineAllTouched over every segment of every part. `rings` is GDAL's
 * bIntersectOnly, set for polygon rings: an edge lying on a pixel edge then burns nothing.
 */
export function imageLineAllTouched(p: Parts, width: number, height: number, out: Uint8Array, rings: boolean): void {
  for (let part = 0, n = 0; part < p.sizes.length; n += p.sizes[part++]) {
    for (let j = 1; j < p.sizes[part]; j++) segment(p, n + j, width, height, out, rings);
  }
}
