/**
 * Bridge ops of the TIFF layer: the metadata of many files in one concurrent wave.
 */
import { registerOp } from '../io/bridge-registry.js';
import { settle, type Outcome } from '../io/outcome.js';
import { cogMetadataOf, type CogMetadata } from './cog-metadata.js';
import { cachedHeader, clearHeaderCache } from './header-cache.js';

/** Metadata for every URL, concurrently; each URL's failure is its own outcome. */
export function cogMetadataWave(urls: readonly string[]): Promise<Outcome<CogMetadata>[]> {
  return Promise.all(urls.map((url) => settle(cachedHeader(url).then(cogMetadataOf), url)));
}

registerOp('cogMetadata', cogMetadataWave);
registerOp('clearHeaderCache', () => clearHeaderCache());
