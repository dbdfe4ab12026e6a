/**
 * Temp-then-rename file writing: readers of `path` see the old file or the whole new one,
 * never a part (DESIGN: writers write a temp name, then rename). Temp files sit next to
 * the target, so the rename stays on one file system.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A fresh hidden name next to `path`, tagged with `purpose` (e.g. "tiles", "part"). */
export function tempPathFor(path: string, purpose: string): string {
  return join(dirname(path), `.${basename(path)}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Runs `write` against a temp path, then renames it onto `path`; on any error the temp
 * file is removed and the error rethrown, leaving `path` untouched.
 */
export function writeAtomically<T>(path: string, write: (tempPath: string) => T): T {
  const temp = tempPathFor(path, 'part');
  try {
    const result = write(temp);
    renameSync(temp, path);
    return result;
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
