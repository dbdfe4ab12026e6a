/**
 * The ops the I/O workers run, by name: the core function each one calls, imported the
 * first time it is needed (a shell call that only reads headers does not pay for loading
 * the model runtime, the mosaic code or the STAC client), and whether its result's buffers
 * may move to the main thread instead of being copied (fresh buffers kept nowhere). The
 * bridge sits above the core: the core registers nothing and knows no op name. Add a line
 * here for a new op; tests and plugins add theirs with registerOp (bridge-registry.ts).
 */
import type { BridgeOp } from './bridge-registry.js';

/** An op of the table: how to get its function, and whether its result moves. */
interface OpEntry {
  readonly load: () => Promise<BridgeOp<never>>;
  readonly transfer?: boolean;
}

const io = () => import('../io/io-ops.js');
const counters = () => import('../io/counted.js');
const headers = () => import('../tiff/header-ops.js');
const headerCache = () => import('../tiff/header-cache.js');
const stac = () => import('../stac/stac-ops.js');
const chips = () => import('../chip/read-chip-rows.js');
const samples = () => import('../chip/sample-points.js');
const mosaic = () => import('../mosaic/mosaic-ops.js');
const predict = () => import('../predict/predict-ops.js');
const zonal = () => import('../zonal/zonal-stats.js');
const deflate = () => import('../tiff/codecs/deflate.js');
// the read path's decode workers: started, and their code loaded, before a read needs them
const warmDecodePool = () => import('../tiff/decode-pool.js').then((m) => m.readDecodePool().warm());

/** Op name -> its entry. */
export const OPS = {
  readRanges: { load: () => io().then((m) => m.readRanges), transfer: true },
  ioStats: { load: () => counters().then((m) => () => m.ioStats()) },
  resetIoStats: { load: () => counters().then((m) => () => m.resetIoStats()) },
  cogMetadata: { load: () => headers().then((m) => m.cogMetadataWave) },
  clearHeaderCache: { load: () => headerCache().then((m) => () => m.clearHeaderCache()) },
  stacItems: { load: () => stac().then((m) => m.listItems) },
  stacHeaders: { load: () => stac().then((m) => m.readHeaders) },
  readChipRows: { load: () => chips().then((m) => m.readChipRows), transfer: true },
  samplePoints: { load: () => samples().then((m) => m.samplePoints) },
  mosaicOpen: { load: () => mosaic().then((m) => m.openMosaicRun) },
  mosaicBlock: { load: () => mosaic().then((m) => m.runMosaicBlock) },
  mosaicClose: { load: () => mosaic().then((m) => m.closeMosaicRun) },
  predictPlan: { load: () => predict().then((m) => m.planPredictOp) },
  predictOpen: { load: () => predict().then((m) => m.openPredictRun) },
  predictRunBlock: { load: () => predict().then((m) => m.runPredictBlock) },
  predictClose: { load: () => predict().then((m) => m.closePredictRun) },
  zonalStats: { load: () => zonal().then((m) => m.zonalStats) },
} satisfies Record<string, OpEntry>;

/** The name of an op of the table. */
export type OpName = keyof typeof OPS;

/**
 * The read path's op modules, which a worker imports once it is ready, while the main
 * thread is still planning the query: loading them took ~150 ms of the first wave in
 * every I/O worker.
 */
export const READ_PATH_IMPORTS: readonly (() => Promise<unknown>)[] = [headers, chips, zonal, deflate, warmDecodePool];

/**
 * Modules the ops themselves import on first use (the codecs, by compression). The worker
 * imports these and every op's module up front when its imports would read on libuv's thread
 * pool (from TypeScript sources, where tsx loads the code), since that pool may be full of
 * queries by the time an op needs one. Add a line here for a new lazy import in an op.
 */
export const LAZY_IMPORTS: readonly (() => Promise<unknown>)[] = [
  () => import('../tiff/codecs/none.js'),
  () => import('../tiff/codecs/lzw.js'),
  () => import('../tiff/codecs/jpeg.js'),
  deflate,
  () => import('../tiff/codecs/packbits.js'),
  () => import('../tiff/codecs/lerc.js'),
  () => import('../tiff/codecs/lzma.js'),
  () => import('../tiff/codecs/zstd.js'),
  () => import('../tiff/codecs/webp.js'),
  // the decode workers load their code on libuv's pool too
  warmDecodePool,
];
