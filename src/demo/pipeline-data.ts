/**
 * The pipeline demo's imagery: a landscape of fields and background parcels seen by
 * Sentinel-2-like scenes in two seasons, with the four bands the field model takes (B02,
 * B03, B04, B08; digital numbers = reflectance x 10000), ported from the idea of
 * models/train/synth_fields.py (which trained models/field-unet): a field's crop changes
 * between the seasons and its surface is homogeneous; background (forest, grass, urban,
 * water) barely changes and is textured. Deterministic for a seed.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeCog } from '../tiff/cog-writer.js';
import { seededRandom } from '../seeded-random.js';

/** Band order of each season in {@link FieldLandscape.image}, as the model card takes them. */
export const PIPELINE_BANDS = ['B04', 'B03', 'B02', 'B08'] as const;

const GREEN = [450, 750, 400, 3800];
const SOIL = [2000, 1500, 1100, 2500];
const STUBBLE = [1500, 1300, 950, 2300];
const BACKGROUND: readonly (readonly [readonly number[], number])[] = [
  [[280, 520, 300, 2900], 0.18], // forest
  [[700, 900, 550, 3000], 0.1], // grass
  [[1900, 1800, 1700, 2300], 0.3], // urban
  [[350, 500, 600, 200], 0.06], // water
];

/** A synthetic landscape: parcel ids, which parcels are fields, and the 8-band image. */
export interface FieldLandscape {
  readonly width: number;
  readonly height: number;
  /** Parcel id per pixel, row-major. */
  readonly ids: Int32Array;
  readonly isField: Uint8Array;
  /** (8, height, width): B04, B03, B02, B08 of season a, then of season b, in DN. */
  readonly image: Float32Array;
}

/** A seeded uniform generator in [0, 1); kept under this name for the pipeline demo. */
export const randomOf = seededRandom;

function gaussianOf(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

// parcels from recursive rectangle splits, sides of about 10 to 40 pixels (as in training)
function parcels(width: number, height: number, rand: () => number): Int32Array {
  const ids = new Int32Array(width * height);
  const todo: [number, number, number, number][] = [[0, 0, width, height]];
  let next = 0;
  while (todo.length > 0) {
    const [x0, y0, x1, y1] = todo.pop()!;
    const [w, h] = [x1 - x0, y1 - y0];
    if ((Math.max(w, h) < 40 && (Math.max(w, h) < 24 || rand() < 0.35)) || Math.max(w, h) < 20) {
      for (let r = y0; r < y1; r++) ids.fill(next, r * width + x0, r * width + x1);
      next++;
      continue;
    }
    if (w >= h) {
      const cut = Math.round(x0 + 10 + rand() * (w - 20));
      todo.push([x0, y0, cut, y1], [cut, y0, x1, y1]);
    } else {
      const cut = Math.round(y0 + 10 + rand() * (h - 20));
      todo.push([x0, y0, x1, cut], [x0, cut, x1, y1]);
    }
  }
  return ids;
}

function cropState(rand: () => number): number[] {
  const bare = rand() < 0.6 ? SOIL : STUBBLE;
  const g = rand();
  return GREEN.map((v, i) => g * v + (1 - g) * bare[i]);
}

const ndvi = (s: readonly number[]): number => (s[3] - s[0]) / (s[3] + s[0]);

/** Makes a landscape of `width` x `height` pixels. */
export function fieldLandscape(width: number, height: number, seed: number): FieldLandscape {
  const rand = randomOf(seed);
  const gauss = gaussianOf(rand);
  const ids = parcels(width, height, rand);
  const count = ids.reduce((m, v) => Math.max(m, v), 0) + 1;
  const isField = new Uint8Array(count);
  const signatures: { sig: number[]; sigma: number }[] = [];
  for (let p = 0; p < count; p++) {
    isField[p] = rand() < 0.7 ? 1 : 0;
    if (isField[p]) {
      let a: number[];
      let b: number[];
      do [a, b] = [cropState(rand), cropState(rand)]; while (Math.abs(ndvi(a) - ndvi(b)) <= 0.2);
      signatures.push({ sig: [...a, ...b], sigma: 0.02 + 0.04 * rand() });
    } else {
      const [base, sigma] = BACKGROUND[Math.floor(rand() * BACKGROUND.length)];
      const a = base.map((v) => v * (0.85 + 0.3 * rand()));
      signatures.push({ sig: [...a, ...a.map((v) => v * (0.93 + 0.14 * rand()))], sigma });
    }
  }
  const n = width * height;
  const raw = new Float32Array(8 * n);
  for (let i = 0; i < n; i++) {
    const { sig, sigma } = signatures[ids[i]];
    const common = gauss();
    for (let b = 0; b < 8; b++) raw[b * n + i] = sig[b] * (1 + sigma * common + 0.3 * sigma * gauss());
  }
  // 3x3 point-spread blur (centre 0.5), edges replicated, then sensor noise
  const image = new Float32Array(8 * n);
  const K = [0.05, 0.1, 0.05, 0.1, 0.5, 0.1, 0.05, 0.1, 0.05];
  for (let b = 0; b < 8; b++) {
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        let v = 0;
        for (let k = 0; k < 9; k++) {
          const rr = Math.min(height - 1, Math.max(0, r + Math.floor(k / 3) - 1));
          const cc = Math.min(width - 1, Math.max(0, c + (k % 3) - 1));
          v += K[k] * raw[b * n + rr * width + cc];
        }
        image[b * n + r * width + c] = Math.min(10000, Math.max(1, v + 40 * gauss()));
      }
    }
  }
  return { width, height, ids, isField, image };
}

/** One scene of the pipeline demo in the manifest (scenes.json). */
export interface PipelineScene {
  readonly id: string;
  readonly datetime: string;
  readonly B02_href: string;
  readonly B03_href: string;
  readonly B04_href: string;
  readonly B08_href: string;
}

const PIXEL = 10;
const ORIGIN_X = 500000;
const ORIGIN_Y = 5800000;
const TILE = 512;
const DATES = ['2024-05-12T10:15:00Z', '2024-07-21T10:15:00Z'];

/**
 * Writes the demo scenes into `dir`: a 1024 x 512 px landscape at 10 m in UTM 33N, cut into
 * two 512 px tiles, each seen on a May and a July date, one uint16 COG per band (nodata 0),
 * plus `scenes.json` (the manifest pipeline.sql reads). Returns the manifest's path.
 */
export function writePipelineData(dir: string): string {
  const manifest = path.join(dir, 'scenes.json');
  if (existsSync(manifest)) return manifest;
  const land = fieldLandscape(2 * TILE, TILE, 2024);
  const n = land.width * land.height;
  const scenes: PipelineScene[] = [];
  for (let tile = 0; tile < 2; tile++) {
    for (let season = 0; season < 2; season++) {
      const id = `S2_T33UV${tile === 0 ? 'U' : 'V'}_${DATES[season].slice(0, 10).replaceAll('-', '')}`;
      mkdirSync(path.join(dir, id), { recursive: true });
      const hrefs: Record<string, string> = {};
      for (const band of ['B02', 'B03', 'B04', 'B08']) {
        const b = season * 4 + PIPELINE_BANDS.indexOf(band as (typeof PIPELINE_BANDS)[number]);
        const pixels = new Uint16Array(TILE * TILE);
        for (let r = 0; r < TILE; r++) {
          for (let c = 0; c < TILE; c++) pixels[r * TILE + c] = Math.round(land.image[b * n + r * land.width + tile * TILE + c]);
        }
        const file = path.join(dir, id, `${band}.tif`);
        const bytes = writeCog({
          width: TILE, height: TILE, bands: 1, dtype: 'uint16', pixels,
          affine: [PIXEL, 0, ORIGIN_X + tile * TILE * PIXEL, 0, -PIXEL, ORIGIN_Y], epsg: 32633, nodata: 0, tileSize: 256,
        });
        writeFileSync(`${file}.tmp`, bytes);
        renameSync(`${file}.tmp`, file);
        hrefs[`${band}_href`] = file;
      }
      scenes.push({ id, datetime: DATES[season], ...hrefs } as unknown as PipelineScene);
    }
  }
  writeFileSync(`${manifest}.tmp`, JSON.stringify(scenes, null, 2));
  renameSync(`${manifest}.tmp`, manifest);
  return manifest;
}
