/**
 * Reads arrays back with zarrita and its own FileSystemStore: an independent Zarr v3
 * reader (its own sharding, crc32c-stripping and numcodecs zstd), so a test passes only if
 * what we wrote is what the spec says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import FileSystemStore from '@zarrita/storage/fs';
import * as zarr from 'zarrita';

/** The whole array at `arrayPath` under `root`, as zarrita decodes it. */
export async function readWithZarrita(root: string, arrayPath: string): Promise<{ data: unknown; shape: number[]; attrs: Record<string, unknown>; dims?: string[] }> {
  const location = zarr.root(new FileSystemStore(root)).resolve(arrayPath);
  const array = await zarr.open.v3(location, { kind: 'array' });
  const got: unknown = await zarr.get(array);
  // zarrita returns a 0-d array's value itself
  if (array.shape.length === 0) return { data: got, shape: [], attrs: array.attrs, dims: array.dimensionNames };
  const chunk = got as { data: unknown; shape: number[] };
  return { data: chunk.data, shape: chunk.shape, attrs: array.attrs, dims: array.dimensionNames };
}

/** Opens a group with zarrita and returns its attributes. */
export async function groupAttrs(root: string): Promise<Record<string, unknown>> {
  const group = await zarr.open.v3(zarr.root(new FileSystemStore(root)), { kind: 'group' });
  return group.attrs;
}

/** A fresh temp folder and its cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `rasterduck-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
