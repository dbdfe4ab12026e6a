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
  readChips: chips, samplePoints: chips,
  mosaicOpen: mosaic, mosaicBlock: mosaic, mosaicClose: mosaic,
  predictBlock: model,
  predictPlan: predict, predictOpen: predict, predictRunBlock: predict, predictClose: predict,
  zonalStats: zonal,
};
