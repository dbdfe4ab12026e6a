/**
 * The op modules the bridge worker loads. Each import registers its ops (registerOp);
 * add a line here for a new module.
 */
import './io-ops.js';
import '../tiff/header-ops.js';
import '../stac/stac-ops.js';
import '../chip/chip-ops.js';
import '../mosaic/mosaic-ops.js';
import '../model/model-ops.js';
import '../predict/predict-ops.js';
