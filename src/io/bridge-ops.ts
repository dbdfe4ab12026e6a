/**
 * Which module registers each bridge op. The worker imports a module the first time one of
 * its ops is called, so a shell call that only reads headers does not pay for loading the
 * model runtime, the mosaic code or the STAC client (the worker started in ~300 ms when it
 * imported them all). Add a line here for a new op.
 */
const io = () => import('./io-ops.js');
const headers = () => import('../tiff/header-ops.js');
const stac = () => import('../stac/stac-ops.js');
const chips = () => import('../chip/chip-ops.js');
const mosaic = () => import('../mosaic/mosaic-ops.js');
const model = () => import('../model/model-ops.js');
const predict = () => import('../predict/predict-ops.js');
const zonal = () => import('../zonal/zonal-ops.js');

/** Op name -> the import that registers it. */
export const OP_MODULES: Readonly<Record<string, () => Promise<unknown>>> = {
  readRanges: io, ioStats: io, resetIoStats: io,
  cogMetadata: headers, clearHeaderCache: headers,
  stacItems: stac, stacHeaders: stac,
  readChipRows: chips, samplePoints: chips,
  mosaicOpen: mosaic, mosaicBlock: mosaic, mosaicClose: mosaic,
  predictBlock: model,
  predictPlan: predict, predictOpen: predict, predictRunBlock: predict, predictClose: predict,
  zonalStats: zonal,
};

/**
 * The read path's op modules, which a worker imports as soon as it is ready, while the
 * main thread is still planning the query: loading them took ~150 ms of the first wave
 * in every I/O worker.
 */
export const READ_PATH_IMPORTS: readonly (() => Promise<unknown>)[] = [
  headers, chips, zonal, () => import('../tiff/codecs/deflate.js'),
  () => import('../tiff/decode-pool.js').then((m) => m.readDecodePool().warm()),
];

/**
 * Modules the ops themselves import on first use (the codecs, by compression). The worker
 * imports these and every op module up front when its imports would read on libuv's thread
 * pool (from TypeScript sources, where tsx loads the code), since that pool may be full of
 * queries by the time an op needs one. Add a line here for a new lazy import in an op.
 */
export const LAZY_IMPORTS: readonly (() => Promise<unknown>)[] = [
  () => import('../tiff/codecs/none.js'),
  () => import('../tiff/codecs/lzw.js'),
  () => import('../tiff/codecs/jpeg.js'),
  () => import('../tiff/codecs/deflate.js'),
  () => import('../tiff/codecs/packbits.js'),
  () => import('../tiff/codecs/lerc.js'),
  () => import('../tiff/codecs/lzma.js'),
  () => import('../tiff/codecs/zstd.js'),
  () => import('../tiff/codecs/webp.js'),
  // the read path's decode workers load their code on libuv's pool too: started now
  () => import('../tiff/decode-pool.js').then((m) => m.readDecodePool().warm()),
];
