/**
 * The predict and vectorize tests' inputs: a mosaic cube (time, band, y, x) written
 * directly from the pipeline demo's synthetic field landscape (as build_mosaic would lay
 * it out), with a nodata corner, and a connection with rasterduck's functions.
 */
import { connect } from '../../src/index.js';
import { fieldLandscape, PIPELINE_BANDS } from '../../src/demo/pipeline-data.js';
import { FileSystemStore } from '../../src/zarr/fs-store.js';
import { createRasterCube } from '../../src/zarr/raster-cube.js';
import { loadZstdEncoder } from '../../src/zarr/zstd.js';

export const MODEL = new URL('../../models/field-unet.onnx', import.meta.url).pathname;
export const TRANSFORM = { a: 10, b: 0, c: 500000, d: 0, e: -10, f: 5800000 };

/** Writes a 2-season mosaic of `width` x `height` px (bands B04, B03, B02, B08, N_VALID_PIXELS) to `dir`. */
export async function writeMosaic(dir: string, width: number, height: number, seed = 7): Promise<Float32Array> {
  await loadZstdEncoder();
  const land = fieldLandscape(width, height, seed);
  const n = width * height;
  const writer = createRasterCube(new FileSystemStore(dir), {
    name: 'mosaic', dtype: 'float32', fillValue: NaN, grid: { crs: 'EPSG:32633', transform: TRANSFORM, width, height },
    bands: [...PIPELINE_BANDS, 'N_VALID_PIXELS'], times: [{ start: '2024-04-01', end: '2024-06-30' }, { start: '2024-07-01', end: '2024-09-30' }],
    chunkPx: [32, 32], shardPx: [64, 64],
  });
  const data = new Float32Array(2 * 5 * n);
  for (let t = 0; t < 2; t++) {
    for (let b = 0; b < 4; b++) data.set(land.image.subarray((t * 4 + b) * n, (t * 4 + b + 1) * n), (t * 5 + b) * n);
    data.fill(1, (t * 5 + 4) * n, (t * 5 + 5) * n);
  }
  // a nodata corner, as at a swath edge
  for (let r = 0; r < 20; r++) for (let c = 0; c < 20 - r; c++) for (let k = 0; k < 10; k++) data[k * n + r * width + c] = NaN;
  writer.writeRegion({ start: [0, 0, 0, 0], shape: [2, 5, height, width], data });
  return data;
}

export { connect };
