/**
 * The demo's imagery, made by the project itself: a few Sentinel-2-like scenes (red and
 * near-infrared bands, uint16 reflectance x 10000, 10 m pixels in UTM 33N) over a
 * landscape of fields, written as COGs with our writer. Deterministic: the same bytes on
 * every machine.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeCog } from '../tiff/cog-writer.js';

/** One scene of the demo: where it is, when, and its band files. */
export interface DemoScene {
  readonly id: string;
  readonly datetime: string;
  readonly originX: number;
  readonly originY: number;
}

const SIZE = 512;
const PIXEL = 10;
/** Two neighbouring tiles, each seen on two dates. */
export const DEMO_SCENES: readonly DemoScene[] = [
  { id: 'S2_33UVU_20240510', datetime: '2024-05-10T10:15:00Z', originX: 500000, originY: 5800000 },
  { id: 'S2_33UVU_20240724', datetime: '2024-07-24T10:15:00Z', originX: 500000, originY: 5800000 },
  { id: 'S2_33UWU_20240510', datetime: '2024-05-10T10:15:00Z', originX: 505120, originY: 5800000 },
  { id: 'S2_33UWU_20240724', datetime: '2024-07-24T10:15:00Z', originX: 505120, originY: 5800000 },
];
export const DEMO_BANDS = ['red', 'nir'] as const;

/** A field's crop vigour at a map position and date: a patchwork of 640 m fields. */
function vigour(x: number, y: number, summer: boolean): number {
  const field = Math.floor(x / 640) * 7 + Math.floor(y / 640) * 13;
  const kind = field % 4; // 0 bare soil, 1 grass, 2 wheat (green in May, ripe in July), 3 maize (green in July)
  const base = [0.1, 0.6, summer ? 0.25 : 0.8, summer ? 0.85 : 0.2][kind];
  return base + 0.05 * Math.sin(x / 37 + y / 53);
}

function bandPixels(scene: DemoScene, band: (typeof DEMO_BANDS)[number]): Uint16Array {
  const summer = scene.datetime.startsWith('2024-07');
  const out = new Uint16Array(SIZE * SIZE);
  for (let row = 0; row < SIZE; row++) {
    for (let col = 0; col < SIZE; col++) {
      const v = vigour(scene.originX + col * PIXEL, scene.originY - row * PIXEL, summer);
      out[row * SIZE + col] = Math.round(band === 'red' ? 1400 - 1100 * v : 1800 + 3000 * v);
    }
  }
  // a nodata corner, as at a swath edge
  for (let row = 0; row < 40; row++) out.fill(0, row * SIZE, row * SIZE + (40 - row));
  return out;
}

/** Where each scene's band COG is, relative to the data folder. */
export function demoHref(scene: DemoScene, band: string): string {
  return `${scene.id}/${band}.tif`;
}

/** Writes the demo COGs into `dir` (once per version) and returns the folder. */
export function writeDemoData(dir: string): string {
  const stamp = path.join(dir, 'v1.done');
  if (existsSync(stamp)) return dir;
  for (const scene of DEMO_SCENES) {
    mkdirSync(path.join(dir, scene.id), { recursive: true });
    for (const band of DEMO_BANDS) {
      const file = path.join(dir, demoHref(scene, band));
      const bytes = writeCog({
        width: SIZE, height: SIZE, bands: 1, dtype: 'uint16', pixels: bandPixels(scene, band),
        affine: [PIXEL, 0, scene.originX, 0, -PIXEL, scene.originY], epsg: 32633, nodata: 0, tileSize: 256,
      });
      writeFileSync(`${file}.tmp`, bytes);
      renameSync(`${file}.tmp`, file); // never a half-written COG under the real name
    }
  }
  writeFileSync(stamp, '');
  return dir;
}
