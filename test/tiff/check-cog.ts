/** Runs check_cog.py (GDAL's COG validator and gdaladdo's overviews as the reference) on files we wrote. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What GDAL says about one file (see check_cog.py). */
export interface CogReport {
  readonly errors: string[];
  readonly warnings: string[];
  /** Overview decimation factors, as rasterio's overviews(1). */
  readonly factors: number[];
  /** [width, height] per overview level. */
  readonly sizes: [number, number][];
  /** Valid (not nodata) values per overview level. */
  readonly valid: number[];
  /** Values per overview level that differ from gdaladdo -r average's. */
  readonly differ: number[];
}

/** GDAL's report on each file, in order. */
export function checkCogs(files: readonly string[]): CogReport[] {
  const script = fileURLToPath(new URL('check_cog.py', import.meta.url));
  return JSON.parse(execFileSync('/usr/bin/python3', [script, ...files], { encoding: 'utf8', maxBuffer: 1 << 26 })) as CogReport[];
}
