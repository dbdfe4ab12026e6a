/**
 * Splits a raster into blocks: the units of work that predict and vectorize run, write and
 * resume one at a time. Pure: plain data in and out.
 */
import type { RasterSize } from './patch-schedule.js';
import type { PixelWindow } from './tiles-for-window.js';

/** Block height and width, in pixels. */
export interface BlockShape {
  readonly height: number;
  readonly width: number;
}

/**
 * The blocks of `raster` in row-major order: `block`-sized windows from the top-left
 * corner, the last row and column cut short at the raster's edge, so the blocks cover every
 * pixel exactly once. Throws RangeError for sizes that are not positive integers.
 */
export function blockGrid(raster: RasterSize, block: BlockShape): PixelWindow[] {
  for (const [name, v] of Object.entries({ 'raster height': raster.height, 'raster width': raster.width, 'block height': block.height, 'block width': block.width })) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  }
  const blocks: PixelWindow[] = [];
  for (let rowOff = 0; rowOff < raster.height; rowOff += block.height) {
    for (let colOff = 0; colOff < raster.width; colOff += block.width) {
      blocks.push({ rowOff, colOff, height: Math.min(block.height, raster.height - rowOff), width: Math.min(block.width, raster.width - colOff) });
    }
  }
  return blocks;
}
