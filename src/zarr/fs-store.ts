/**
 * A {@link Store} in a folder: one file per key, written atomically. Each value goes to a
 * temp file beside its target (`.<name>.<pid>.<random>.tmp`), is fsynced, renamed over
 * the target, and the folder is fsynced, so a chunk or shard file is either absent or
 * complete, and durable once `set` returns (rename is atomic on POSIX file systems).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
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

  setIfAbsent(key: string, value: Uint8Array): boolean {
    return writeFileAtomic(this.pathOf(key), value, this.durable, 'if-absent');
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
   * Removes temp files left by writers that were killed and returns how many. A temp file
   * is stale when the process named in it is gone, or runs but started after the file was
   * last written (its pid was reused), or it was last written before `olderThanMs` (epoch
   * ms; e.g. the moment the caller claimed the output for a new run). Temp files of live
   * writers are left alone.
   */
  removeStaleTemps(options: { readonly olderThanMs?: number } = {}): number {
    const stale: string[] = [];
    walk(this.url, '', [], (file) => {
      const m = TEMP.exec(path.basename(file));
      if (m && isStaleTemp(file, Number(m[2]), options.olderThanMs)) stale.push(file);
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
 * With `if-absent` the temp file is hard-linked to `file` instead of renamed over it: the
 * link fails when `file` exists, so the file appears complete or not at all, and only once.
 * @returns false when `if-absent` found `file` already there (nothing was written); else true.
 * @throws FetchError naming the file when the disk refuses (full, read-only, permissions).
 */
export function writeFileAtomic(file: string, bytes: Uint8Array, durable = true, mode: 'replace' | 'if-absent' = 'replace'): boolean {
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
    if (mode === 'replace') renameSync(tmp, file);
    else if (!linkOnce(tmp, file)) return false;
    if (durable) fsyncDir(dir);
    return true;
  } catch (e) {
    throw ioError(file, 'write', e);
  } finally {
    removeQuietly(tmp);
  }
}

// link(2) is atomic and never replaces its target: of two racing writers one gets EEXIST
function linkOnce(tmp: string, file: string): boolean {
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
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

// Clock error allowed between a file's mtime and a process start time read from /proc
// (whole-second boot time, 10 ms ticks): a live writer's temp file is never taken as older
// than its process.
const START_SLACK_MS = 2000;

function isStaleTemp(file: string, pid: number, olderThanMs: number | undefined): boolean {
  let written: number;
  try {
    written = statSync(file).mtimeMs;
  } catch (e) {
    if (isMissing(e)) return false; // renamed into place meanwhile
    throw ioError(file, 'inspect', e);
  }
  if (olderThanMs !== undefined && written < olderThanMs) return true;
  if (!isAlive(pid)) return true;
  const started = processStartMs(pid);
  return started !== undefined && started > written + START_SLACK_MS;
}

// Linux: /proc/<pid>/stat field 22 is the start time in clock ticks after boot (USER_HZ,
// 100 on every Linux ABI), /proc/stat's btime the boot time in seconds; undefined elsewhere
function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const boot = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    const ticks = Number(fields[19]);
    return boot && Number.isFinite(ticks) ? Number(boot[1]) * 1000 + ticks * 10 : undefined;
  } catch {
    return undefined; // no procfs, or the process ended meanwhile: liveness alone decides
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
