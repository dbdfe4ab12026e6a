/** Compression 1: the block is stored as is. */
import type { Codec } from './index.js';

/** Returns the stored bytes; decodeBlock copies them before undoing a predictor in place. */
export const none: Codec = {
  name: 'none',
  predictor: false,
  decode: (bytes) => bytes,
};
