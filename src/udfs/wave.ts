/**
 * The step every wave-reading adapter shares: one bridge call for a chunk's rows, then
 * each row's outcome placed in the output column, the first failure re-thrown naming its
 * SQL function and row.
 */
import { asRasterduckError } from '../errors.js';
import { unwrap, type Outcome } from '../io/outcome.js';
import { runSync } from '../io/sync-bridge.js';

/**
 * Runs bridge `op` with `args` (covering `rows`, in order) and writes each result into
 * `out` at its row. Throws the first row's error with `fn` and the row number.
 */
export function runWave<T>(fn: string, op: string, args: unknown, rows: readonly number[], out: (T | null)[]): void {
  const outcomes = runSync<Outcome<T>[]>(op, args);
  outcomes.forEach((o, i) => {
    try {
      out[rows[i]] = unwrap(o);
    } catch (e) {
      throw asRasterduckError(e).within(fn, rows[i]);
    }
  });
}
