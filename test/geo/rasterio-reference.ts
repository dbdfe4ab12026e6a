/**
 * Random geometries on a few real pixel grids, and what rasterio 1.3.5 (GDAL 3.6) makes of
 * them: the rasterized mask and geometry_window (rasterize_reference.py). Shared by the
 * rasterize and window tests; expected values come from rasterio, never from our code.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Affine } from '../../src/geo/affine.js';
import type { Geometry, Position } from '../../src/geo/geometry.js';
import { seededRandom } from '../../src/seeded-random.js';

/** One case sent to rasterio. */
export interface ReferenceCase {
  readonly name: string;
  readonly geometry: Geometry;
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
  readonly all_touched: boolean;
}

/** rasterio's answer: mask bits ('0'/'1', row-major) or null when it refuses, the window and its transform. */
export interface ReferenceAnswer {
  readonly mask: string | null;
  readonly window: readonly [number, number, number, number] | null;
  readonly window_transform: readonly number[] | null;
}

const SCRIPT = fileURLToPath(new URL('./rasterize_reference.py', import.meta.url));

/** Runs the cases through rasterio in one process. */
export function askRasterio(cases: readonly ReferenceCase[]): ReferenceAnswer[] {
  const run = spawnSync('/usr/bin/python3', [SCRIPT], { input: JSON.stringify(cases), maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`rasterize_reference.py failed: ${run.stderr.toString().slice(-2000)}`);
  return JSON.parse(run.stdout.toString()) as ReferenceAnswer[];
}

/** The grids: pixel sizes and origins of the fixture CRSs, plus an identity (y down) grid. */
export const GRIDS: readonly (readonly number[])[] = [
  [10, 0, 499980, 0, -10, 5200020],
  [0.0001, 0, 5.9, 0, -0.0001, 47.8],
  [4.777314267823516, 0, 1113194.9079327357, 0, -4.777314267823516, 6446275.841017158],
  [30, 0, -2000000, 0, -30, 2500000],
  [463.312716528, 0, -7783653.637667, 0, -463.312716528, 5559752.598333],
  [1, 0, 0, 0, 1, 0],
];

export { seededRandom as random };

/** Map coordinates of a pixel position on grid `t` (how a user would write them). */
export function toMap(t: readonly number[], col: number, row: number): Position {
  return [t[2] + col * t[0], t[5] + row * t[4]];
}

/** The grid as an Affine. */
export function affineOf(t: readonly number[]): Affine {
  return { a: t[0], b: t[1], c: t[2], d: t[3], e: t[4], f: t[5] };
}
