/**
 * Random shapes in pixel units, placed on a grid's map coordinates: the edge cases
 * rasterization and windows turn on (vertices on pixel edges and centres, horizontal edges
 * on centre lines in both directions, holes, overlapping parts, lines, points, shapes
 * smaller than a pixel or partly off the raster).
 */
import type { Geometry, Position } from '../../src/geo/geometry.js';
import { GRIDS, random, toMap, type ReferenceCase } from './rasterio-reference.js';

type Rand = () => number;
type Px = [number, number];

/** A coordinate snapped to quarter pixels half the time, so vertices hit edges and centres. */
function coord(r: Rand, lo: number, hi: number): number {
  const v = lo + r() * (hi - lo);
  return r() < 0.5 ? Math.round(v * 4) / 4 : v;
}

function ring(points: Px[], t: readonly number[]): Position[] {
  const mapped = points.map(([c, row]) => toMap(t, c, row));
  return [...mapped, mapped[0]];
}

function box(c0: number, r0: number, c1: number, r1: number, clockwise: boolean): Px[] {
  const pts: Px[] = [[c0, r0], [c1, r0], [c1, r1], [c0, r1]];
  return clockwise ? pts : pts.reverse();
}

function star(r: Rand, cx: number, cy: number, radius: number, n: number): Px[] {
  return Array.from({ length: n }, (_, i) => {
    const a = (i / n) * 2 * Math.PI;
    const d = radius * (0.3 + 0.7 * r());
    return [cx + d * Math.cos(a), cy + d * Math.sin(a)] as Px;
  });
}

/** One random geometry of kind `k` on a w x h raster with transform t. */
function shape(k: number, r: Rand, t: readonly number[], w: number, h: number): Geometry {
  const c = (): number => coord(r, -4, w + 4);
  const rw = (): number => coord(r, -4, h + 4);
  switch (k) {
    case 0: return { type: 'Polygon', coordinates: [ring(star(r, c(), rw(), 3 + r() * 15, 3 + Math.floor(r() * 8)), t)] };
    case 1: {
      const [c0, r0] = [Math.floor(c()), Math.floor(rw())];
      return { type: 'Polygon', coordinates: [ring(box(c0, r0, c0 + 1 + Math.floor(r() * 12), r0 + 1 + Math.floor(r() * 12), r() < 0.5), t)] };
    }
    case 2: {
      const [c0, r0] = [Math.floor(c()) + 0.5, Math.floor(rw()) + 0.5];
      return { type: 'Polygon', coordinates: [ring(box(c0, r0, c0 + Math.floor(r() * 10), r0 + Math.floor(r() * 10), r() < 0.5), t)] };
    }
    case 3: {
      const [cx, cy, rad] = [c(), rw(), 6 + r() * 12];
      const hole = box(cx - rad / 3, cy - rad / 3, cx + rad / 3, cy + rad / 4, r() < 0.5);
      return { type: 'Polygon', coordinates: [ring(star(r, cx, cy, rad, 5 + Math.floor(r() * 6)), t), ring(hole, t)] };
    }
    case 4: return { type: 'MultiPolygon', coordinates: [[ring(star(r, c(), rw(), 8, 6), t)], [ring(star(r, c(), rw(), 8, 4), t)]] };
    case 5: return { type: 'LineString', coordinates: Array.from({ length: 2 + Math.floor(r() * 4) }, () => toMap(t, c(), rw())) };
    case 6: return { type: 'MultiPoint', coordinates: Array.from({ length: 1 + Math.floor(r() * 5) }, () => toMap(t, c(), rw())) };
    case 7: {
      const [cx, cy] = [c(), rw()];
      return { type: 'Polygon', coordinates: [ring([[cx, cy], [cx + r() * 0.8, cy + r() * 0.3], [cx + r() * 0.2, cy + r() * 0.9]], t)] };
    }
    default: return { type: 'Point', coordinates: toMap(t, c(), rw()) };
  }
}

/** `count` cases over every grid and shape kind, with both all_touched settings. */
export function randomCases(seed: number, count: number): ReferenceCase[] {
  const r = random(seed);
  const cases: ReferenceCase[] = [];
  for (let i = 0; i < count; i++) {
    const t = GRIDS[i % GRIDS.length];
    const [w, h] = [5 + Math.floor(r() * 40), 5 + Math.floor(r() * 30)];
    const kind = Math.floor(r() * 9);
    const geometry = shape(kind, r, t, w, h);
    for (const allTouched of [false, true]) {
      cases.push({ name: `#${i} kind ${kind} grid ${i % GRIDS.length} all_touched=${allTouched}`, geometry, transform: t, width: w, height: h, all_touched: allTouched });
    }
  }
  return cases;
}

/**
 * Boxes with corners exactly on pixel edges (or, with `offset` 0.5, on pixel centres) of
 * random grids with odd pixel sizes and origins: where a different rounding of the
 * inverse transform moves a coordinate across an edge, so floor/ceil or a centre test flips.
 */
export function alignedBoxCases(seed: number, count: number, offset: 0 | 0.5): ReferenceCase[] {
  const r = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const px = Number((r() * 100).toPrecision(1 + Math.floor(r() * 12)));
    const t = [px, 0, Number((r() * 1e6 - 5e5).toFixed(Math.floor(r() * 6))), 0, -px * (r() < 0.8 ? 1 : 1.5), Number((r() * 1e7).toFixed(Math.floor(r() * 6)))];
    const [c0, r0] = [Math.floor(r() * 50) - 5 + offset, Math.floor(r() * 40) - 5 + offset];
    const [c1, r1] = [c0 + 1 + Math.floor(r() * 9), r0 + 1 + Math.floor(r() * 9)];
    const geometry: Geometry = { type: 'Polygon', coordinates: [ring(box(c0, r0, c1, r1, r() < 0.5), t)] };
    return { name: `aligned #${i} (+${offset})`, geometry, transform: t, width: 40, height: 30, all_touched: r() < 0.3 };
  });
}
