/**
 * Every file under a folder with the SHA-256 of its bytes, so a test can show that a
 * refused run left an output exactly as it was (no file added, removed or changed).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** `relative path -> sha256 hex` of every file under each of `roots` (absent roots give nothing). */
export function hashTree(...roots: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const root of roots) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      out[path.relative(path.dirname(root), file)] = createHash('sha256').update(readFileSync(file)).digest('hex');
    }
  }
  return out;
}

/** The temp files (`*.tmp`) under `root`, relative paths, sorted. */
export function tempFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.tmp'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name))).sort();
}
