/**
 * Per-item results of a wave: one failing file must not hide the others' results, and its
 * error must still reach SQL naming its row. Errors cross the worker as plain records.
 */
import { fromErrorRecord, toErrorRecord, type ErrorRecord, type RasterduckError } from '../errors.js';

/** A value, or the error that replaced it. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorRecord };

/** Awaits a promise into an Outcome; never rejects. */
export async function settle<T>(work: Promise<T>, url?: string): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work };
  } catch (e) {
    return { ok: false, error: toErrorRecord(e, url) };
  }
}

/** The value, or throws the error rebuilt as its class. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw fromErrorRecord(outcome.error) as RasterduckError;
}
