/**
 * GDAL 3.6 (Debian's python3-gdal) as the reference for polygonize: random class rasters
 * and what gdal.Polygonize makes of them (polygonize_reference.py), plus a normal form
 * that compares polygons whatever their ring order, start vertex, direction, straight
 * vertices, or whether touching loops are written as one pinched ring or two.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../src/seeded-random.js';

/** One raster sent to GDAL. */
export interface PolygonizeCase {
  readonly width: number;
  readonly height: number;
  readonly values: number[];
  readonly transform: readonly number[];
  readonly nodata: number | null;
  readonly connectivity: 4 | 8;
  /** Our polygons as GeoJSON geometries, to rasterize back with GDAL. */
  readonly ours: unknown[] | null;
}

type Coordinates = number[][][] | number[][][][];

/** GDAL's features ([value, GeoJSON geometry]) and the burn of our polygons. */
export interface PolygonizeAnswer {
  readonly features: [number, { type: string; coordinates: Coordinates }][];
  readonly burn?: number[];
  readonly valid?: boolean[];
}

const SCRIPT = fileURLToPath(new URL('./polygonize_reference.py', import.meta.url));

/** Runs every case through GDAL in one process. */
export function askGdal(cases: readonly PolygonizeCase[]): PolygonizeAnswer[] {
  const run = spawnSync('/usr/bin/python3', [SCRIPT], { input: JSON.stringify(cases), maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`polygonize_reference.py failed: ${run.stderr.toString().slice(-2000)}`);
  return JSON.parse(run.stdout.toString()) as PolygonizeAnswer[];
}

export { seededRandom as random };

/**
 * A class raster with blobs, islands, holes, islands in holes and diagonal contacts:
 * coarse random cells blown up, nested squares, then a sprinkle of single-pixel noise.
 */
export function randomClasses(rnd: () => number, width: number, height: number, classes: number): number[] {
  const cell = 2 + Math.floor(rnd() * 5);
  const coarseW = Math.ceil(width / cell);
  const coarse = Array.from({ length: coarseW * Math.ceil(height / cell) }, () => Math.floor(rnd() * classes));
  const cx = rnd() * width;
  const cy = rnd() * height;
  const values: number[] = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let v = coarse[Math.floor(r / cell) * coarseW + Math.floor(c / cell)];
      const ring = Math.max(Math.abs(c - cx), Math.abs(r - cy));
      if (ring < 9 && Math.floor(ring / 2) % 2 === 0) v = Math.floor(ring) % classes;
      if (rnd() < 0.06) v = Math.floor(rnd() * classes);
      values.push(v);
    }
  }
  return values;
}

/**
 * Breaks every 2x2 checkerboard (a b / b a) by giving one pixel a value of its own.
 * GDAL 3.6's 8-connected polygonize loses the pixel inside such a crossing (both
 * diagonals connected), so 8-connectivity parity is tested on rasters without them.
 */
export function breakCrossings(values: number[], width: number, height: number, fresh: number): number[] {
  const out = values.slice();
  let next = fresh;
  for (let r = 0; r + 1 < height; r++) {
    for (let c = 0; c + 1 < width; c++) {
      const i = r * width + c;
      const [nw, ne, sw, se] = [out[i], out[i + 1], out[i + width], out[i + width + 1]];
      if (nw === se && ne === sw && nw !== ne) out[i + 1] = next++;
    }
  }
  return out;
}

/**
 * A polygon's normal form: every ring cut into simple loops at repeated vertices, straight
 * vertices dropped, each loop turned counter-clockwise and started at its smallest vertex,
 * tagged shell or hole (a loop turning against its ring swaps the ring's role), sorted.
 */
export function normalForm(value: number, geometry: { type: string; coordinates: Coordinates }, t: readonly number[]): string {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as number[][][][];
  const loops: string[] = [];
  for (const mapRings of polygons) {
    const rings = mapRings.map((ring) => ring.map((p) => toPixel(p, t)));
    rings.forEach((ring, k) => {
      const ringSign = Math.sign(area2(ring.slice(0, -1)));
      for (const loop of splitLoops(ring.slice(0, -1))) {
        const clean = dropStraight(loop);
        const sign = Math.sign(area2(clean));
        const isShell = (k === 0) === (sign === ringSign);
        loops.push(`${isShell ? 'S' : 'H'}${canonical(sign < 0 ? clean.reverse() : clean)}`);
      }
    });
  }
  return `${value}: ${loops.sort().join(' ')}`;
}

// back to integer pixel corners (north-up grids), so float rounding cannot differ
function toPixel([x, y]: number[], t: readonly number[]): number[] {
  const col = (x - t[2]) / t[0];
  const row = (y - t[5]) / t[4];
  if (Math.abs(col - Math.round(col)) > 1e-6 || Math.abs(row - Math.round(row)) > 1e-6) {
    throw new Error(`vertex (${x}, ${y}) is not a pixel corner`);
  }
  return [Math.round(col), Math.round(row)];
}

function splitLoops(ring: number[][]): number[][][] {
  const loops: number[][][] = [];
  const stack: number[][] = [];
  for (const p of ring) {
    const at = stack.findIndex((q) => q[0] === p[0] && q[1] === p[1]);
    if (at >= 0) loops.push(stack.splice(at));
    stack.push(p);
  }
  loops.push(stack);
  return loops.filter((l) => l.length >= 3);
}

function dropStraight(loop: number[][]): number[][] {
  const n = loop.length;
  return loop.filter((p, i) => {
    const a = loop[(i + n - 1) % n];
    const b = loop[(i + 1) % n];
    return (p[0] - a[0]) * (b[1] - p[1]) - (p[1] - a[1]) * (b[0] - p[0]) !== 0;
  });
}

function area2(loop: number[][]): number {
  let s = 0;
  for (let i = 0; i < loop.length; i++) {
    const j = (i + 1) % loop.length;
    s += loop[i][0] * loop[j][1] - loop[j][0] * loop[i][1];
  }
  return s;
}

function canonical(loop: number[][]): string {
  let best = 0;
  loop.forEach((p, i) => {
    if (p[0] < loop[best][0] || (p[0] === loop[best][0] && p[1] < loop[best][1])) best = i;
  });
  return loop.map((_, i) => loop[(best + i) % loop.length].join(',')).join(';');
}
