/**
 * A mosaic run in the bridge worker: the output cube (created or reopened), its block
 * ledger, and one block at a time: read and resample the picked scenes, take the per-pixel
 * median per band, write the block's shards (each shard file atomically), its COG, then
 * its ledger marker. A killed run restarts with the blocks that have no marker.
 */
import { createHash } from 'node:crypto';
import { applyAffine } from '../geo/affine.js';
import { resolveCrs, transformPoints } from '../geo/crs.js';
import { toWkb } from '../geo/wkb.js';
import { windowBounds, windowOutline, type MosaicBlock } from '../planner/mosaic-grid.js';
import { ProgressLine } from '../progress-line.js';
import { writeCog } from '../tiff/cog-writer.js';
import type { ArrayWriter } from '../zarr/array-writer.js';
import { LEDGER_PREFIX, type BlockLedger } from '../zarr/block-ledger.js';
import { claimCubeOutput } from '../zarr/cube-output.js';
import { FileSystemStore } from '../zarr/fs-store.js';
import { getJson } from '../zarr/store.js';
import { timeStepOf } from './date-window.js';
import { nanMedian } from './median.js';
import { blockId, COUNT_BAND, sceneCrs, type MosaicJob } from './mosaic-job.js';
import { observeScene, type SceneObservation } from './observe-scene.js';

/**
 * Scenes of one block read at once: enough to overlap the round trips of a remote
 * collection, few enough that speculative reads past scenes_per_pixel stay cheap (each holds
 * its bands' windows under the block until the median).
 */
const SCENES_IN_FLIGHT = 4;

/** One row of build_mosaic's result (and of the COG index). */
export interface BlockRow {
  readonly tileId: string;
  /** The window's label: its date_ranges text. */
  readonly time: string;
  /** 'written', 'empty' (no scene covers it: nothing stored) or 'skipped (done)'. */
  readonly status: string;
  readonly validFraction: number | null;
  readonly scenes: number | null;
  /** The block's outline in lon/lat, WKB. */
  readonly geometry: Uint8Array;
  readonly dataset: string;
  readonly url: string | null;
}

/** The name of the data array in the cube. */
export const MOSAIC_ARRAY = 'mosaic';

/** Folder of a run's COGs: `<output>_cogs`. */
export const cogFolder = (output: string): string => `${output.replace(/\/+$/, '')}_cogs`;

/** A stable digest of what decides the pixels: a ledger made by other inputs is refused. */
function fingerprintOf(job: MosaicJob): string {
  const { output: _o, overwrite: _w, ...params } = job.params;
  const scenes = job.scenes.map((s) => [s.id, s.date, s.cloudCover, Object.values(s.bands).map((m) => m.href), s.mask?.href ?? null]);
  return createHash('sha256').update(JSON.stringify({ params, grid: job.grid, scenes })).digest('hex');
}

/** The open output of one build_mosaic call. */
export class MosaicRun {
  private readonly writer: ArrayWriter;
  private readonly ledger: BlockLedger;
  private readonly cogs: FileSystemStore;
  private readonly epsg: number | undefined;
  private readonly progress: ProgressLine;
  private readonly started = Date.now();
  private finished = 0;

  constructor(readonly job: MosaicJob, showProgress: boolean) {
    const { params, grid } = job;
    const output = claimCubeOutput(new FileSystemStore(params.output), {
      name: MOSAIC_ARRAY, dtype: 'float32', fillValue: NaN, grid: { crs: params.crs, ...grid },
      bands: [...params.bands, COUNT_BAND], times: params.windows.map(timeStepOf),
      chunkPx: [job.chunkPx, job.chunkPx], shardPx: [params.blockPx, params.blockPx],
      attributes: { rasterduck_mosaic: { resampling: params.resampling, mask_band: params.maskBand, mask_classes: params.maskClasses, statistic: 'median' } },
    }, { fingerprint: fingerprintOf(job), overwrite: params.overwrite });
    [this.writer, this.ledger] = [output.writer, output.ledger];
    this.cogs = new FileSystemStore(cogFolder(params.output), { durable: false });
    this.cogs.removeStaleTemps(); // COGs of blocks a killed run was writing
    this.epsg = resolveCrs(params.crs).epsg;
    this.progress = new ProgressLine(showProgress);
  }

  private get total(): number {
    return this.job.blocks.length * this.job.params.windows.length;
  }

  /** Builds block `index` of window `t` unless the ledger has it; returns its row. */
  async runBlock(t: number, index: number): Promise<BlockRow> {
    const block = this.job.blocks[index];
    const id = blockId(t, block);
    const row = this.ledger.isDone(id) ? this.doneRow(t, block, id) : await this.build(t, index, block, id);
    this.finished++;
    this.showProgress();
    return row;
  }

  private showProgress(): void {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = this.finished / Math.max(seconds, 1e-3);
    const eta = rate > 0 ? Math.round((this.total - this.finished) / rate) : 0;
    this.progress.update(`build_mosaic: ${this.finished}/${this.total} blocks, ${rate.toFixed(2)} blocks/s, ETA ${eta}s`, this.finished === this.total);
    if (this.finished === this.total) this.progress.clear();
  }

  private rowOf(t: number, block: MosaicBlock, id: string, fields: Pick<BlockRow, 'status' | 'validFraction' | 'scenes' | 'url'>): BlockRow {
    return { tileId: id, time: this.job.params.windows[t].label, geometry: this.lonLatOutline(block), dataset: this.writer.store.url, ...fields };
  }

  private doneRow(t: number, block: MosaicBlock, id: string): BlockRow {
    const info = (getJson(this.writer.store, `${LEDGER_PREFIX}/blocks/${id}.done`) ?? {}) as { validFraction?: number; scenes?: number; url?: string | null };
    return this.rowOf(t, block, id, { status: 'skipped (done)', validFraction: info.validFraction ?? null, scenes: info.scenes ?? null, url: info.url ?? null });
  }

  private lonLatOutline(block: MosaicBlock): Uint8Array {
    const b = windowBounds(this.job.grid, block);
    const ring: [number, number][] = [[b.xmin, b.ymin], [b.xmax, b.ymin], [b.xmax, b.ymax], [b.xmin, b.ymax], [b.xmin, b.ymin]];
    const xy = transformPoints(Float64Array.from(ring.flat()), this.job.params.crs, 'EPSG:4326', { alwaysXy: true });
    const lonlat = ring.map((_, i) => [xy[2 * i], xy[2 * i + 1]] as const);
    return toWkb({ type: 'Polygon', coordinates: [lonlat] });
  }

  // target pixel centres of the block, in the target CRS
  private centres(block: MosaicBlock): Float64Array {
    const xy = new Float64Array(block.width * block.height * 2);
    const t = this.job.grid.transform;
    let k = 0;
    for (let r = 0; r < block.height; r++) {
      for (let c = 0; c < block.width; c++) {
        const [x, y] = applyAffine(t, block.colOff + c + 0.5, block.rowOff + r + 0.5);
        xy[k++] = x;
        xy[k++] = y;
      }
    }
    return xy;
  }

  /**
   * The block's observations, scene by scene in picking order, until scenes_per_pixel is
   * reached (or every candidate is used). Scenes are read SCENES_IN_FLIGHT at a time, so
   * the round trips of a remote collection overlap; a scene read past the stopping point is
   * dropped unused, and its error too, so the result is the one-at-a-time result.
   */
  private async observe(t: number, index: number, block: MosaicBlock): Promise<SceneObservation[]> {
    const { params, scenes } = this.job;
    const target = this.centres(block);
    const byCrs = new Map<string, Float64Array>();
    const read = (s: number): Promise<SceneObservation | null> => {
      const scene = scenes[s];
      const crs = sceneCrs(scene.bands[params.bands[0]]);
      if (!byCrs.has(crs)) byCrs.set(crs, transformPoints(Float64Array.from(target), params.crs, crs, { alwaysXy: true }));
      return observeScene(scene, params.bands, byCrs.get(crs) as Float64Array, params.resampling, params.maskClasses);
    };
    const pixels = block.width * block.height;
    const counts = new Uint16Array(pixels);
    const seen: SceneObservation[] = [];
    const candidates = this.job.candidates[t][index];
    for (let first = 0; first < candidates.length; first += SCENES_IN_FLIGHT) {
      const batch = await Promise.allSettled(candidates.slice(first, first + SCENES_IN_FLIGHT).map(read));
      for (const result of batch) {
        if (result.status === 'rejected') throw result.reason;
        const obs = result.value;
        if (!obs) continue;
        seen.push(obs);
        if (params.scenesPerPixel === null) continue;
        let min = Infinity;
        for (let i = 0; i < pixels; i++) {
          if (obs.planes[0][i] === obs.planes[0][i]) counts[i]++;
          if (counts[i] < min) min = counts[i];
        }
        if (min >= params.scenesPerPixel) return seen;
      }
    }
    return seen;
  }

  private async build(t: number, index: number, block: MosaicBlock, id: string): Promise<BlockRow> {
    const { params } = this.job;
    const seen = await this.observe(t, index, block);
    const pixels = block.width * block.height;
    const nb = params.bands.length;
    const data = new Float32Array((nb + 1) * pixels);
    const counts = new Uint16Array(pixels);
    const stack = new Float32Array(Math.max(seen.length, 1) * pixels);
    for (let b = 0; b < nb; b++) {
      seen.forEach((o, l) => stack.set(o.planes[b], l * pixels));
      nanMedian(stack, seen.length, pixels, data.subarray(b * pixels, (b + 1) * pixels), counts);
      if (b === 0) for (let i = 0; i < pixels; i++) data[nb * pixels + i] = counts[i];
    }
    let valid = 0;
    for (let i = 0; i < pixels; i++) if (data[nb * pixels + i] > 0) valid++;
    const validFraction = valid / pixels;
    const url = valid > 0 ? this.writeCogOf(block, id, data) : null;
    // all-NaN shards are removed by the writer, so an empty block stores nothing
    this.writer.writeChunks(this.writer.encodeRegion({ start: [t, 0, block.rowOff, block.colOff], shape: [1, nb + 1, block.height, block.width], data }));
    const info = { validFraction, scenes: seen.length, url };
    this.ledger.markDone(id, info);
    return this.rowOf(t, block, id, { status: valid > 0 ? 'written' : 'empty', ...info });
  }

  private writeCogOf(block: MosaicBlock, id: string, data: Float32Array): string | null {
    if (this.epsg === undefined) return null;
    const { a, c, e, f } = this.job.grid.transform;
    const bytes = writeCog({
      width: block.width, height: block.height, bands: this.job.params.bands.length + 1, dtype: 'float32', pixels: data,
      affine: [a, 0, c + a * block.colOff, 0, e, f + e * block.rowOff], epsg: this.epsg, nodata: NaN, tileSize: 256, overviews: true,
    });
    const key = `${id}.tif`;
    this.cogs.set(key, bytes);
    return `${this.cogs.url}/${key}`;
  }
}
