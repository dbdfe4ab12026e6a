/**
 * Reference side of the benchmarks: Debian's GDAL and rasterio, run as /usr/bin/python3
 * (the pyenv python3 on PATH does not see Debian's modules). Never a runtime dependency.
 */
import { execFileSync, spawn } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/** Runs a Python script with arguments and returns its stdout parsed as JSON. */
export function runPythonJson<T>(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`${script} exited with ${code}`))));
  });
}

/** True when GDAL's Python bindings and rasterio are importable. */
export function hasRasterio(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import rasterio, osgeo'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * GDAL tuned as a careful user would for cloud reads (GDAL's cloud optimisation docs):
 * no directory listing on open, merged consecutive ranges, multi-range requests, a VSI
 * cache, and a 32 KiB first read that holds a COG's header.
 */
export const TUNED_GDAL_ENV: Record<string, string> = {
  GDAL_DISABLE_READDIR_ON_OPEN: 'EMPTY_DIR',
  GDAL_HTTP_MERGE_CONSECUTIVE_RANGES: 'YES',
  GDAL_HTTP_MULTIRANGE: 'YES',
  VSI_CACHE: 'TRUE',
  GDAL_INGESTED_BYTES_AT_OPEN: '32768',
  CPL_VSIL_CURL_ALLOWED_EXTENSIONS: '.tif',
  GDAL_HTTP_VERSION: '1.1',
};
