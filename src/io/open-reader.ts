/**
 * The one way the rest of rasterduck gets a reader: pick the scheme's reader and wrap it
 * with coalescing, the concurrency cap, retries and counters.
 */
import { InputError, type FetchError } from '../errors.js';
import type { CoalesceOptions } from '../planner/coalesce-ranges.js';
import { CoalescingReader } from './coalescing.js';
import { CountedReader, schemeOf } from './counted.js';
import { FailureMemoReader, forgetFailures } from './failure-memo.js';
import { FILE_CHANGED_STATUS, forgetFileVersion, forgetFileVersions } from './file-versions.js';
import { HeldFileReader, releaseHeldFile, releaseHeldFiles } from './held-files.js';
import { FileReader } from './file-reader.js';
import { HttpReader } from './http-reader.js';
import { pcSigningFromEnv, PcSignedReader, wantsSignature } from './pc-sas-reader.js';
import { LimitedReader, sharedLimiter, type Limiter } from './limiter.js';
import type { RangeReader } from './range-reader.js';
import { RetryingReader, retryPolicyFromEnv, type RetryPolicy } from './retry.js';
import { openS3Reader } from './s3-reader.js';

/** Overrides for {@link composeReader}; each defaults to the environment's setting. */
export interface ReaderOptions {
  readonly retry?: RetryPolicy;
  readonly coalesce?: CoalesceOptions;
  readonly limiter?: Limiter;
}

/**
 * Wraps a scheme reader as coalescing → failure memo → held files → limited → retrying →
 * counted → scheme, outermost first. The failure memo makes a re-evaluated call fail at
 * once after a final failure (for local files only after a change); held files answer reads of a file
 * a Range-ignoring server sent whole, without a request. The brief's counted(retrying(coalescing(...))) is turned inside out on purpose:
 * counters must see the merged requests and every attempt; retries work per merged range,
 * so one failure does not refetch its neighbours; the limiter holds a slot through a
 * request's retries, which also slows us down when a server says SlowDown.
 */
export function composeReader(base: RangeReader, options: ReaderOptions = {}): RangeReader {
  const counted = new CountedReader(base);
  const retrying = new RetryingReader(counted, options.retry ?? retryPolicyFromEnv());
  const limited = new LimitedReader(retrying, options.limiter ?? sharedLimiter());
  const held = new HeldFileReader(limited);
  // local failures cost nothing to repeat and a file written just after one must be read,
  // but a changed file must fail every evaluation of the statement alike
  const keeps = schemeOf(base.url) === 'file' ? (e: FetchError) => e.status === FILE_CHANGED_STATUS : undefined;
  return new CoalescingReader(new FailureMemoReader(held, keeps), options.coalesce);
}

/**
 * The bare reader for a URL: s3://, http(s)://, file:// or a plain path. GDAL's
 * /vsis3/bucket/key and /vsicurl/URL are accepted too, so users can paste GDAL paths.
 * Throws InputError for other schemes, FetchError for malformed URLs or missing S3 credentials.
 */
export function schemeReader(url: string): RangeReader {
  if (url.startsWith('/vsis3/')) return openS3Reader(`s3://${url.slice('/vsis3/'.length)}`);
  if (url.startsWith('/vsicurl/')) return schemeReader(url.slice('/vsicurl/'.length));
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  // one letter is a Windows drive (C:\data\x.tif), not a scheme
  if (scheme === undefined || scheme.length === 1 || scheme === 'file') return new FileReader(url);
  if (scheme === 'http' || scheme === 'https') return httpReaderOf(url);
  if (scheme === 's3') return openS3Reader(url);
  throw new InputError({
    url,
    reason: `unsupported URL scheme '${scheme}:'`,
    hint: 'Use a local path, file://, http(s):// or s3://; for Google Cloud Storage use https://storage.googleapis.com/bucket/key',
  });
}

/** An http(s) reader; Planetary Computer blobs are signed as they are read (pc-sas-reader.ts). */
function httpReaderOf(url: string): RangeReader {
  const signing = pcSigningFromEnv();
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // HttpReader names the malformed URL
  }
  return signing && parsed && wantsSignature(parsed, signing.hosts) ? new PcSignedReader(url, signing) : new HttpReader(url);
}

/** How many composed readers {@link openReader} keeps; beyond it the least recently used goes. */
const CACHE_SIZE = 256;
const cache = new Map<string, RangeReader>();

/**
 * A ready reader for `url`, composed with the environment's settings and cached per URL
 * (so a known size is not asked for twice). Throws like {@link schemeReader}.
 */
export function openReader(url: string): RangeReader {
  const hit = cache.get(url);
  if (hit) {
    cache.delete(url);
    cache.set(url, hit);
    return hit;
  }
  const reader = composeReader(schemeReader(url));
  cache.set(url, reader);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return reader;
}

/** Forgets every cached reader, e.g. after changing AWS_* variables, with every file's version, held copy and remembered failure. */
export function clearReaderCache(): void {
  cache.clear();
  forgetFileVersions();
  releaseHeldFiles();
  forgetFailures();
}

/**
 * Starts `url` afresh: its next read takes the file's version as it is then, and a held
 * copy of it is dropped. A header read calls this, so the header and the reads planned
 * from it are checked against one version of the file.
 */
export function forgetFile(url: string): void {
  forgetFileVersion(url);
  releaseHeldFile(url);
}
