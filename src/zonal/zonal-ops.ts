/** The bridge op of zonal statistics: a chunk of rows in, numbers out (no pixels cross). */
import { registerOp } from '../io/bridge-registry.js';
import { zonalStats } from './zonal-stats.js';

registerOp('zonalStats', zonalStats);
