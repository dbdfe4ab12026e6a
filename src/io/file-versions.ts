/**
 * The version of each file as first seen (ETag, Last-Modified, size, or a local file's
 * mtime and size), so a later read of a file that changed since its header was read fails
 * instead of handing back the new file's bytes under the old file's layout.
 */
import { FetchError } from '../errors.js';

/** What identifies one version of a file; a field the source does not give stays undefined. */
export interface FileVersion {
  readonly etag?: string;
  readonly lastModified?: string;
  readonly size?: number;
}

/** The status of a file-changed error, as HTTP's 412 Precondition Failed (also for local files). */
export const FILE_CHANGED_STATUS = 412;

/** URLs whose version is kept; beyond it the oldest is forgotten (and then not checked). */
const MAX_ENTRIES = 16_384;
const versions = new Map<string, FileVersion>();
const listeners = new Set<(url: string) => void>();

/**
 * Compares `seen` with the version first seen for `url` and remembers it when it is the
 * first (fields learnt later fill the gaps). Throws FetchError (via {@link fileChanged})
 * when a field both know differs.
 */
export function checkFileVersion(url: string, seen: FileVersion): void {
  const known = versions.get(url);
  if (!known) {
    versions.set(url, seen);
    if (versions.size > MAX_ENTRIES) versions.delete(versions.keys().next().value as string);
    return;
  }
  const differs = (k: keyof FileVersion): boolean => known[k] !== undefined && seen[k] !== undefined && known[k] !== seen[k];
  if (differs('etag')) throw fileChanged(url, `its ETag was ${known.etag}, now ${seen.etag}`);
  if (differs('size')) throw fileChanged(url, `it was ${known.size} bytes, now ${seen.size}`);
  if (differs('lastModified')) throw fileChanged(url, `it was last modified ${known.lastModified}, now ${seen.lastModified}`);
  versions.set(url, { etag: known.etag ?? seen.etag, lastModified: known.lastModified ?? seen.lastModified, size: known.size ?? seen.size });
}

/** The strong ETag first seen for `url`, to send as If-Match; weak ETags cannot match (RFC 9110 13.1.1). */
export function strongEtagOf(url: string): string | undefined {
  const etag = versions.get(url)?.etag;
  return etag !== undefined && !etag.startsWith('W/') ? etag : undefined;
}

/**
 * The error for a file that changed since its first read, and tells the listeners (the
 * header cache drops the old header, so rebuilding the metadata reads the new one). The
 * old version stays: reads planned from the old metadata keep failing until a header
 * read starts a new one ({@link forgetFileVersion}).
 */
export function fileChanged(url: string, how: string): FetchError {
  for (const listener of listeners) listener(url);
  return new FetchError({
    url,
    status: FILE_CHANGED_STATUS,
    reason: `the file changed since its header was read (${how})`,
    hint: 'Rebuild the metadata (cog_metadata, rasteret_build) from the file as it is now',
  });
}

/** Forgets the version of `url`: the next read starts a new one (a header read does this). */
export function forgetFileVersion(url: string): void {
  versions.delete(url);
}

/** Forgets every version (with the reader cache). */
export function forgetFileVersions(): void {
  versions.clear();
}

/** Calls `listener` with the URL of every file found changed. */
export function onFileChanged(listener: (url: string) => void): void {
  listeners.add(listener);
}
