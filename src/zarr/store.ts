/**
 * The store contract every Zarr writer here works against, shaped like zarrita's
 * (`get(key)` plus writes), and an in-memory store for tests and small arrays.
 *
 * It is synchronous on purpose: DuckDB's table-function callbacks cannot await (see
 * DESIGN.md), and the writers run inside them. Keys follow the Zarr v3 abstract store
 * interface: `/`-separated, relative to the store root, no leading slash
 * (`zarr.json`, `mosaic/c/0/0/1/2`).
 */
import { InputError } from '../errors.js';

/** A key-value store of whole values; `set` is atomic (a reader sees the old value or the new, never a mix). */
export interface Store {
  /** Where the store lives, for messages (a folder path, or `memory://`). */
  readonly url: string;
  /** The value at `key`, or undefined when there is none. */
  get(key: string): Uint8Array | undefined;
  /** Replaces the value at `key` atomically; when it returns the value is durable. */
  set(key: string, value: Uint8Array): void;
  /**
   * Writes `value` at `key` only when the key is absent, in one atomic step (of two racing
   * callers exactly one gets true): the claim of an output by one run.
   * @returns false, writing nothing, when the key already holds a value.
   */
  setIfAbsent(key: string, value: Uint8Array): boolean;
  /** Removes `key`; absent keys are fine. */
  delete(key: string): void;
  /** Every key that starts with `prefix`, sorted. */
  list(prefix: string): string[];
}

/**
 * Checks a store key: `/`-separated segments, none empty, `.` or `..` (so a key can
 * never leave the store's folder).
 * @throws InputError naming the key.
 */
export function checkKey(key: string, url: string): string {
  const segments = key.split('/');
  if (key === '' || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'))) {
    throw new InputError({ url, reason: `invalid store key '${key}'`, hint: "Keys are '/'-separated names with no empty, '.' or '..' parts" });
  }
  return key;
}

/** Joins key parts with `/`, skipping empty ones (`joinKey('', 'zarr.json')` is `zarr.json`). */
export function joinKey(...parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join('/');
}

/** A store in a Map: for tests and for building small arrays in memory. Values are copied in. */
export class MemoryStore implements Store {
  readonly url = 'memory://';
  private readonly values = new Map<string, Uint8Array>();

  get(key: string): Uint8Array | undefined {
    return this.values.get(checkKey(key, this.url));
  }

  set(key: string, value: Uint8Array): void {
    this.values.set(checkKey(key, this.url), value.slice());
  }

  setIfAbsent(key: string, value: Uint8Array): boolean {
    if (this.values.has(checkKey(key, this.url))) return false;
    this.values.set(key, value.slice());
    return true;
  }

  delete(key: string): void {
    this.values.delete(checkKey(key, this.url));
  }

  list(prefix: string): string[] {
    return [...this.values.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes a JSON document (Zarr's `zarr.json`, our markers) with 2-space indentation. */
export function setJson(store: Store, key: string, value: unknown): void {
  store.set(key, encoder.encode(`${JSON.stringify(value, null, 2)}\n`));
}

/**
 * Reads a JSON document, or undefined when the key is absent.
 * @throws InputError naming the key when the bytes are not JSON.
 */
export function getJson(store: Store, key: string): unknown {
  const bytes = store.get(key);
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(decoder.decode(bytes)) as unknown;
  } catch (cause) {
    throw new InputError({ url: `${store.url}/${key}`, reason: 'is not valid JSON', hint: 'Delete the output and run again', cause });
  }
}
