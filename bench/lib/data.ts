/** Benchmark data, written by GDAL into bench/.data (ignored by git) once. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { PYTHON } from './gdal.js';

export const DATA_DIR = path.resolve('bench', '.data');

/**
 * `count` distinct GDAL COGs of `size` x `size` pixels in DATA_DIR/<name> (see
 * bench/reference/make_cogs.py); `noise` is the standard deviation of the Gaussian noise
 * over the smooth pattern, 0 for none.
 */
export function gdalCogs(name: string, count: number, size: number, noise = 0): string {
  const dir = path.join(DATA_DIR, name);
  execFileSync(PYTHON, [path.resolve('bench/reference/make_cogs.py'), dir, String(count), String(size), String(noise)], { stdio: 'inherit' });
  return dir;
}

/**
 * `n` file names in `dir`/links that point at the distinct COGs round-robin: many URLs,
 * each a real GDAL COG, without writing n files (headers and caches are per URL).
 */
export function manyNames(dir: string, n: number): string[] {
  const sources = readdirSync(dir).filter((f) => f.endsWith('.tif')).sort();
  const links = path.join(dir, 'links');
  mkdirSync(links, { recursive: true });
  return Array.from({ length: n }, (_, i) => {
    const name = `f${String(i).padStart(5, '0')}.tif`;
    const link = path.join(links, name);
    if (!existsSync(link)) symlinkSync(path.join('..', sources[i % sources.length]), link);
    return `links/${name}`;
  });
}
