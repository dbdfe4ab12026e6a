/**
 * Scenes for the pipeline memory benchmark: a square of tiles x tiles Sentinel-2-like
 * tiles (at 10 m, UTM 33N), each a landscape of fields from the pipeline demo
 * (src/demo/pipeline-data.ts: its two seasons are the two dates here), so the field model
 * finds fields and vectorize has many polygons, many across block edges. Written once into
 * bench/.data/mosaic-memory/fields-<px>px-t<tiles>, one uint16 COG per band, plus the manifest.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fieldLandscape, PIPELINE_BANDS } from '../../src/demo/pipeline-data.js';
import { writeCog } from '../../src/tiff/cog-writer.js';
import { DATA_DIR } from './data.js';

/** Bands in the model card's order. */
export const BANDS = PIPELINE_BANDS;
const DATES = ['2024-05-10', '2024-07-24'];

/** Writes the scenes of a square of tiles x tiles tiles of tilePx once; returns the folder and the manifest (JSON rows). */
export function fieldScenes(tiles: number, tilePx: number): { dir: string; manifest: string } {
  const dir = path.join(DATA_DIR, 'mosaic-memory', `fields-${tilePx}px-t${tiles}`);
  const manifest = path.join(dir, 'scenes.json');
  if (existsSync(manifest)) return { dir, manifest };
  mkdirSync(dir, { recursive: true });
  const rows: Record<string, string>[] = [];
  for (let ty = 0; ty < tiles; ty++) for (let tx = 0; tx < tiles; tx++) {
    const land = fieldLandscape(tilePx, tilePx, 1000 + ty * 64 + tx);
    const n = tilePx * tilePx;
    const affine = [10, 0, 500000 + tx * tilePx * 10, 0, -10, 5800000 - ty * tilePx * 10] as const;
    DATES.forEach((date, season) => {
      const row: Record<string, string> = { id: `t${tx}_${ty}_${date}`, datetime: `${date}T10:00:00Z` };
      BANDS.forEach((band, b) => {
        const pixels = Uint16Array.from(land.image.subarray((season * BANDS.length + b) * n, (season * BANDS.length + b + 1) * n), Math.round);
        const file = path.join(dir, `${row.id}_${band}.tif`);
        writeFileSync(file, writeCog({ width: tilePx, height: tilePx, bands: 1, dtype: 'uint16', pixels, affine, epsg: 32633, nodata: 0, tileSize: 256 }));
        row[`${band}_href`] = file;
      });
      rows.push(row);
    });
  }
  writeFileSync(`${manifest}.tmp`, JSON.stringify(rows));
  renameSync(`${manifest}.tmp`, manifest);
  return { dir, manifest };
}
