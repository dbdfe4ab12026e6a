/** Every SQL function family rasterduck registers, in the order the docs list them. */
import type { FunctionDef } from './define.js';
import { SPATIAL_FUNCTIONS } from './spatial.js';

export const ALL_FUNCTIONS: readonly FunctionDef[] = [...SPATIAL_FUNCTIONS];
