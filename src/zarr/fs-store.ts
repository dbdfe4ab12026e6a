/**
 * A {@link Store} in a folder: one file per key, written atomically. Each value goes to a
 * temp file beside its target (`.<name>.<pid>.<random>.tmp`), is fsynced, renamed over
 * the target, and the folder is fsynced, so a chunk or shard file is either absent or
 * complete, and durable once `set` returns (rename is atomic on POSIX file systems).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { FetchError } from '../errors.js';
import { checkKey, type Store } from './store.js';

const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** Options for {@link FileSystemStore}. */
export interface FileSystemStoreOptions {
  /**
   * fsync each file and its folder before `set` returns (default true). Without it writes
   * stay atomic for readers and across a killed process, but not across a power loss.
   * About 8 ms per file here, which matters only for many small files (tests, coordinates).
   */
  readonly durable?: boolean;
}

/** A store rooted at a folder on the local file system. */
export class FileSystemStore implements Store {
  readonly url: string;
  private readonly durable: boolean;

  /** @param root the folder; created on the first write. */
  constructor(root: string, options: FileSystemStoreOptions = {}) {
    this.url = path.resolve(root);
    this.durable = options.durable ?? true;
  }

  get(key: string): Uint8Array | undefined {
    try {
      return readFileSync(this.pathOf(key));
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw ioError(this.pathOf(key), 'read', e);
    }
  }

  set(key: string, value: Uint8Array): void {
    writeFileAtomic(this.pathOf(key), value, this.durable);
  }

  delete(key: string): void {
    rmSync(this.pathOf(key), { force: true });
  }

  list(prefix: string): string[] {
    const keys: string[] = [];
    walk(this.url, '', keys);
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }

  /**
   * Removes temp files left by writers that were killed (their process is gone) and
   * returns how many; temp files of live processes are left alone.
   */
  removeStaleTemps(): number {
    const stale: string[] = [];
    walk(this.url, '', [], (file) => {
      const m = TEMP.exec(path.basename(file));
      if (m && !isAlive(Number(m[2]))) stale.push(file);
    });
    for (const file of stale) rmSync(file, { force: true });
    return stale.length;
  }

  private pathOf(key: string): string {
    return path.join(this.url, ...checkKey(key, this.url).split('/'));
  }
}

/**
 * Writes `bytes` to `file` through a temp file and a rename; when `durable`, fsyncs the
 * file before the rename and the folder after it, so the rename itself survives a crash.
 * @throws FetchError naming the file when the disk refuses (full, read-only, permissions).
 */
export function writeFileAtomic(file: string, bytes: Uint8Array, durable = true): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'wx');
    try {
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    if (durable) fsyncDir(dir);
  } catch (e) {
    removeQuietly(tmp);
    throw ioError(file, 'write', e);
  }
}

// the temp file may not exist, or its folder may not be one; the write's own error matters
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // nothing to clean up
  }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// Collects keys (files that are not temp files) under `dir`; `onFile` sees every file.
function walk(root: string, rel: string, keys: string[], onFile?: (file: string) => void): void {
  let entries;
  try {
    entries = readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch (e) {
    if (isMissing(e)) return;
    throw ioError(path.join(root, rel), 'list', e);
  }
  for (const entry of entries) {
    const key = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) walk(root, key, keys, onFile);
    else {
      onFile?.(path.join(root, key));
      if (!TEMP.test(entry.name)) keys.push(key);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function ioError(file: string, verb: string, cause: unknown): FetchError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new FetchError({ url: file, reason: `could not ${verb} it: ${message}`, hint: 'Check the free space and permissions of the output folder', cause });
}
