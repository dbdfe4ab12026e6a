/** The small cube the resume tests write: 2 dates x 2 bands x 64 x 96 px of uint16, UTM 33N. */
import type { RasterCubeSpec } from '../../../src/zarr/raster-cube.js';

export const CUBE: RasterCubeSpec = {
  name: 'mosaic',
  dtype: 'uint16',
  fillValue: 0,
  grid: { crs: 'EPSG:32633', transform: { a: 10, b: 0, c: 500000, d: 0, e: -10, f: 6000000 }, width: 96, height: 64 },
  bands: ['B04', 'B08'],
  times: [{ start: '2023-04-01', end: '2023-06-30' }, { start: '2023-07-01', end: '2023-09-30' }],
  chunkPx: [16, 16],
  shardPx: [32, 32],
};

/** One block: half a shard (16 rows x 32 columns) of one date and band. */
export interface Block {
  readonly id: string;
  readonly start: number[];
  readonly shape: number[];
}

/** Every block of the cube, in a fixed order. */
export function cubeBlocks(): Block[] {
  const blocks: Block[] = [];
  for (let t = 0; t < 2; t++) for (let b = 0; b < 2; b++) for (let r = 0; r < 4; r++) for (let c = 0; c < 3; c++) {
    blocks.push({ id: `t${t}-b${b}-r${r}-c${c}`, start: [t, b, r * 16, c * 32], shape: [1, 1, 16, 32] });
  }
  return blocks;
}

/** The pixels of a block: a function of (t, b, y, x), nodata (0) in one corner chunk of each band. */
export function blockPixels(block: Block): Uint16Array {
  const [t, b, y0, x0] = block.start;
  const out = new Uint16Array(16 * 32);
  for (let y = 0; y < 16; y++) for (let x = 0; x < 32; x++) {
    const [gy, gx] = [y0 + y, x0 + x];
    out[y * 32 + x] = gy < 16 && gx < 16 ? 0 : 1 + ((t * 7919 + b * 104729 + gy * 389 + gx * 53) % 9973);
  }
  return out;
}
