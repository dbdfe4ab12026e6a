/**
 * The bridge op of chip reads: a whole DuckDB chunk of requests in, one Outcome per row
 * out. Chip buffers are fresh and kept nowhere, so they move to the main thread.
 */
import { registerOp } from '../io/bridge-registry.js';
import { readChips } from './read-chips.js';
import { samplePoints } from './sample-points.js';

registerOp('readChips', readChips, { transfer: true });
registerOp('samplePoints', samplePoints);
