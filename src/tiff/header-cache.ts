/**
 * Parsed headers by URL, kept in the bridge worker so a query that asks for the same file
 * twice (cog_metadata then a read, or one scene per row) fetches its header once.
 * Failures are not kept: a file that was missing may appear. A file found changed since
 * its header was read loses its header, so the next metadata read takes the new one.
 */
import { onFileChanged } from '../io/file-versions.js';
import { forgetFile, openReader } from '../io/open-reader.js';
import { readTiffHeader } from './header.js';
import type { TiffHeader } from './tiff-image.js';

/** Headers are a few KiB; 4,096 of them bound the cache to tens of MiB. */
const MAX_ENTRIES = 4096;
const cache = new Map<string, Promise<TiffHeader>>();

/** The parsed header of `url`, from the cache or one read-ahead. */
export function cachedHeader(url: string): Promise<TiffHeader> {
  const hit = cache.get(url);
  if (hit) {
    cache.delete(url); // re-insert: Map order is the LRU order
    cache.set(url, hit);
    return hit;
  }
  forgetFile(url); // the header and the reads planned from it then see one version of the file
  const pending = readTiffHeader(openReader(url));
  cache.set(url, pending);
  pending.catch(() => cache.delete(url));
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return pending;
}

onFileChanged((url) => cache.delete(url));

/** Forgets every header (after files change, or in tests). */
export function clearHeaderCache(): void {
  cache.clear();
}
