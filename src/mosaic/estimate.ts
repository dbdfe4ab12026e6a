/**
 * build_mosaic's dry run: per window and block, what a run would read and hold, from the
 * collection's cached tile tables alone (no pixel or header request).
 *
 * Bytes to read: for each candidate scene and band (and mask band), the tiles under the
 * block's footprint in the scene's grid (its outline reprojected, plus the resampling
 * margin), summed from the tile byte counts; an upper bound, as `scenes_per_pixel` may stop
 * early. Memory: the source windows (samples, mask and doubles), the target centres in each
 * scene CRS (16 B per pixel), every scene's resampled planes (4 B per pixel and band), the
 * median stack and the output block.
 */
import { applyAffine } from '../geo/affine.js';
import { transformPoints } from '../geo/crs.js';
import { windowOutline } from '../planner/mosaic-grid.js';
import { blocksForWindow } from '../planner/tiles-for-window.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';
import { bytesPerSampleOf } from '../tiff/dtype.js';
import { sceneCrs, type MosaicJob } from './mosaic-job.js';
import { sourceBox } from './observe-scene.js';

/** The plan of one block of one window. */
export interface BlockEstimate {
  readonly t: number;
  readonly block: number;
  readonly scenes: number;
  readonly tiles: number;
  readonly bytesToRead: number;
  readonly memoryBytes: number;
}

function tilesOf(meta: CogMetadata, srcOutline: Float64Array): { tiles: number; bytes: number; windowPx: number } {
  const box = sourceBox(meta, srcOutline);
  if (!box) return { tiles: 0, bytes: 0, windowPx: 0 };
  const needs = blocksForWindow({
    imageWidth: meta.image_width, imageHeight: meta.image_height, blockWidth: meta.tile_width, blockHeight: meta.tile_height,
    tiled: meta.tiled, samplesPerPixel: meta.samples_per_pixel, planarConfiguration: meta.planar_configuration,
    offsets: meta.tile_offsets, byteCounts: meta.tile_byte_counts,
  }, { colOff: box.col0, rowOff: box.row0, width: box.col1 - box.col0, height: box.row1 - box.row0 }, [0]);
  const windowPx = (box.col1 - box.col0) * (box.row1 - box.row0);
  return { tiles: needs.length, bytes: needs.reduce((n, b) => n + (Number.isFinite(b.length) ? b.length : 0), 0), windowPx: windowPx * (bytesPerSampleOf(meta.dtype) + 9) };
}

/** The estimate of every window and block, in run order. */
export function estimateMosaic(job: MosaicJob): BlockEstimate[] {
  const { params, grid, blocks, scenes } = job;
  const out: BlockEstimate[] = [];
  blocks.forEach((block, index) => {
    // the block's outline at pixel-edge points; a centre-based box of it differs by half a pixel, within the margin
    const outline = windowOutline(block);
    for (let i = 0; i < outline.length; i += 2) [outline[i], outline[i + 1]] = applyAffine(grid.transform, outline[i], outline[i + 1]);
    const pixels = block.width * block.height;
    const byCrs = new Map<string, Float64Array>();
    params.windows.forEach((_, t) => {
      const picked = job.candidates[t][index];
      let [tiles, bytes, source] = [0, 0, 0];
      for (const s of picked) {
        const scene = scenes[s];
        for (const meta of [...params.bands.map((b) => scene.bands[b]), ...(scene.mask ? [scene.mask] : [])]) {
          const crs = sceneCrs(meta);
          if (!byCrs.has(crs)) byCrs.set(crs, transformPoints(Float64Array.from(outline), params.crs, crs, { alwaysXy: true }));
          const r = tilesOf(meta, byCrs.get(crs) as Float64Array);
          [tiles, bytes, source] = [tiles + r.tiles, bytes + r.bytes, source + r.windowPx];
        }
      }
      const crsCount = new Set(picked.map((s) => sceneCrs(scenes[s].bands[params.bands[0]]))).size;
      const memoryBytes = source + pixels * (16 * crsCount + 4 * params.bands.length * picked.length + 4 * picked.length + 4 * (params.bands.length + 1) + 2);
      out.push({ t, block: index, scenes: picked.length, tiles, bytesToRead: bytes, memoryBytes });
    });
  });
  return out.sort((p, q) => p.t - q.t || p.block - q.block);
}
