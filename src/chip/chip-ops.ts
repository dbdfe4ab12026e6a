/**
 * The bridge op of chip reads: a whole DuckDB chunk of requests in, one Outcome per row
 * out. Chip buffers are fresh and kept nowhere, so they move to the main thread.
 */
import { registerOp } from '../io/bridge-registry.js';
import { readChipRows } from './read-chip-rows.js';
import { samplePoints } from './sample-points.js';

registerOp('readChipRows', readChipRows, { transfer: true });
registerOp('samplePoints', samplePoints);
