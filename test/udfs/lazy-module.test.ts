/**
 * Lazy modules: loaded by require() on first use in the compiled package (the pipeline test
 * runs vectorize with FlatGeobuf and PMTiles from dist/, through that path), imported up
 * front where they cannot be required (here: TypeScript sources under vitest).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lazyModule, preloadLazyModules } from '../../src/udfs/lazy-module.js';

describe('lazyModule', () => {
  it('preloads under TypeScript sources, then hands out that module', async () => {
    let loads = 0;
    const lazy = lazyModule(import.meta.url, './no-such-file.js', async () => {
      loads++;
      return import('../../src/udfs/lazy-module.js');
    });
    await preloadLazyModules();
    expect(loads).toBe(1);
    expect(lazy.get().lazyModule).toBe(lazyModule);
  });

  it('keeps the vector file writers out of the start of the compiled shell', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-lazy-'));
    try {
      // a module hook that prints every module the process loads
      const hook = path.join(dir, 'hook.mjs');
      writeFileSync(hook, `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent('export async function load(u, c, n) { process._rawDebug("LOADED " + u); return n(u, c); }'));`);
      const r = spawnSync(process.execPath, ['--import', hook, 'dist/cli/main.js', '-c', 'SELECT 1'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
      expect(loaded.some((l) => l.includes('/dist/udfs/vectorize.js'))).toBe(true);
      expect(loaded.filter((l) => /flatgeobuf|geojson-vt|vt-pbf|vectorize-files/.test(l))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
