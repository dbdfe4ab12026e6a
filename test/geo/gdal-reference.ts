// GDAL (Debian's python3-gdal, with GEOS and PROJ inside) as the reference implementation:
// one Python process per batch, JSON in and out. Tests skip when it is not installed.
import { spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';

/** True when Debian's Python can import osgeo (apt-get install python3-gdal). */
export const hasGdal: boolean = (() => {
  const r = spawnSync(PYTHON, ['-c', 'from osgeo import ogr, osr'], { encoding: 'utf8' });
  return r.status === 0;
})();

/**
 * Runs a Python script that reads JSON from `data` and assigns JSON-able `result`;
 * returns `result`. The script sees `ogr`, `osr` and `json` imported.
 */
export function runGdal<T>(script: string, data: unknown): T {
  const program = [
    'import json, sys',
    'from osgeo import ogr, osr, gdal',
    'gdal.UseExceptions()',
    'data = json.load(sys.stdin)',
    script,
    'json.dump(result, sys.stdout)',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', program], { input: JSON.stringify(data), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`GDAL reference script failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
