/**
/**
 * Reads byte ranges of a local file, given as a path or a file:// URL. A file whose size or
 * mtime changed since its first read is refused (file-versions.ts).
 *
 * The reads are synchronous on purpose. They run in the bridge worker, its own thread, so
 * blocking it is fine, while node:fs/promises would queue them on libuv's thread pool, and
 * that pool may be full of DuckDB queries waiting for the main thread, which waits for this
 * worker: with 4 concurrent queries (UV_THREADPOOL_SIZE's default) nothing ever finished.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FetchError } from '../errors.js';
import { checkFileVersion } from './file-versions.js';
import type { ByteRange, RangeReader } from './range-reader.js';
import { RetryableFetchError } from './retry.js';

/** The local path of a file:// URL, or the argument itself when it is already a path. */
export function filePathOf(url: string): string {
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}

/** A RangeReader for a local file. The file is opened per read call, so no handle outlives a read. */
export class FileReader implements RangeReader {
  private readonly path: string;

  /** Throws FetchError when a file:// URL is malformed. */
  constructor(readonly url: string) {
    try {
      this.path = filePathOf(url);
    } catch (e) {
      throw new FetchError({ url, reason: 'not a valid file:// URL', hint: 'Write it as file:///absolute/path.tif or give a plain path', cause: e });
    }
  }

  /** Reads every range; ranges past the end come back short or empty. Throws FetchError (404 when missing). */
  async read(ranges: readonly ByteRange[], signal?: AbortSignal): Promise<Uint8Array[]> {
    let fd: number | undefined;
    try {
      fd = openSync(this.path, 'r');
      const size = this.checkVersion(fstatSync(fd));
      const handle = fd;
      return ranges.map((r) => readAt(handle, r, size, signal));
    } catch (e) {
      throw this.fsError(e, signal);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** The file size from stat. Throws FetchError like read. */
  async size(): Promise<number> {
    try {
      return this.checkVersion(statSync(this.path));
    } catch (e) {
      throw this.fsError(e);
    }
  }

  /** The size, after checking that size and mtime are the ones first seen (file-versions.ts). */
  private checkVersion(st: Stats): number {
    checkFileVersion(this.url, { size: st.size, lastModified: new Date(st.mtimeMs).toISOString() });
    return st.size;
  }

  private fsError(e: unknown, signal?: AbortSignal): unknown {
    if (signal?.aborted) return signal.reason ?? e;
    const code = (e as { code?: unknown }).code;
    const url = this.url;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return new FetchError({ url, status: 404, reason: `file not found: ${this.path}`, hint: `Check the path; a relative path is taken from the working directory ${process.cwd()}`, cause: e });
    }
    if (code === 'EACCES' || code === 'EPERM') {
      return new FetchError({ url, status: 403, reason: `permission denied reading ${this.path}`, hint: 'Check the file permissions', cause: e });
    }
    if (code === 'EISDIR') return new FetchError({ url, reason: `${this.path} is a directory, not a file`, cause: e });
    // running out of handles or a flaky network mount can pass: let the retry layer try again
    if (code === 'EMFILE' || code === 'ENFILE' || code === 'EAGAIN' || code === 'EIO') {
      return new RetryableFetchError({ url, reason: `file system error ${code} reading ${this.path}`, cause: e });
    }
    if (typeof code === 'string') return new FetchError({ url, reason: `file system error ${code} reading ${this.path}`, cause: e });
    return e;
  }
}

function readAt(fd: number, r: ByteRange, size: number, signal?: AbortSignal): Uint8Array {
  // clamp to the file size first: a huge "read to the end" request must not allocate its full length
  const length = Math.max(0, Math.min(r.length, size - r.offset));
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    signal?.throwIfAborted();
    const bytesRead = readSync(fd, buf, got, length - got, r.offset + got);
    if (bytesRead === 0) break; // the file shrank since stat
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}
