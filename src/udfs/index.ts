/** Every SQL function family rasterduck registers, in the order the docs list them. */
import type { FunctionDef } from './define.js';

export const ALL_FUNCTIONS: readonly FunctionDef[] = [];
