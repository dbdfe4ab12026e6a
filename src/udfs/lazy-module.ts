/**
 * Modules that only some SQL functions need, loaded on first use instead of at every start.
 * DuckDB's callbacks are synchronous and cannot await an import(), so the module is
 * require()d: Node >= 20.19 loads ES modules that way (process.features.require_module).
 * Where it cannot (older Node, or TypeScript sources under vitest/tsx, where the .js path
 * does not exist), register() imports every lazy module up front (preloadLazyModules).
 */
import { createRequire } from 'node:module';

/** A module to load on first use. */
export interface LazyModule<T> {
  /** The module, loaded now if it was not yet. */
  get(): T;
}

const pending: (() => Promise<void>)[] = [];

/**
 * `specifier` relative to `fromUrl` (the caller's import.meta.url), loaded on the first
 * get(); `load` is the caller's `() => import(specifier)`, for the preload.
 */
export function lazyModule<T>(fromUrl: string, specifier: string, load: () => Promise<T>): LazyModule<T> {
  let loaded: T | undefined;
  pending.push(async () => {
    loaded ??= await load();
  });
  return { get: () => (loaded ??= createRequire(fromUrl)(specifier) as T) };
}

/** True when the lazy modules can be required when first used. */
function canRequireLater(): boolean {
  const requireModule = (process.features as { require_module?: boolean }).require_module === true;
  return requireModule && !import.meta.url.endsWith('.ts');
}

/** Imports every lazy module now where they could not be required later; a no-op otherwise. */
export async function preloadLazyModules(): Promise<void> {
  if (!canRequireLater()) await Promise.all(pending.map((load) => load()));
}
