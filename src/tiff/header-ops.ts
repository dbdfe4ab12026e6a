/**
 * The metadata of many files in one concurrent wave (the bridge's cogMetadata op).
 */
import { settle, type Outcome } from '../io/outcome.js';
import { cogMetadataOf, type CogMetadata } from './cog-metadata.js';
import { cachedHeader } from './header-cache.js';

/** Metadata for every URL, concurrently; each URL's failure is its own outcome. */
export function cogMetadataWave(urls: readonly string[]): Promise<Outcome<CogMetadata>[]> {
  return Promise.all(urls.map((url) => settle(cachedHeader(url).then(cogMetadataOf), url)));
}

