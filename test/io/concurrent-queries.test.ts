/**
 * Many queries at once in one process (issue 13): 32 read_chip queries over 4 connections,
 * from local paths, file:// URLs and a local HTTP server (by IP and by the name localhost),
 * must all finish, with the chips rasterio reads and the same ones a sequential run reads.
 * Before the fix, 4 concurrent queries (libuv's default thread pool size) never finished:
 * every pool thread ran a query waiting for the main thread, which waited for the I/O
 * worker, which waited for a pool thread. The queries run in a child process with a kill
 * timer, so a deadlock fails this test instead of hanging the run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFileServer, type ServedFiles } from '../../src/io/file-server-process.js';
import { fixturePath } from '../fixtures/fixtures.js';

const FILES = ['cog_deflate_u16_pred2_ovr_nodata0_32633.tif', 'cog_zstd_u16_pred2_bigtiff_ovr_32736.tif', 'cog_lzw_i16_no_ovr_3857.tif'];
const QUERIES = 32;
/** Generous for a cold tsx start on a loaded 2-core machine; the queries themselves take well under a second. */
const KILL_AFTER_MS = 120_000;

interface ChipRow {
  readonly bands: number;
  readonly height: number;
  readonly width: number;
  readonly transform: number[];
  readonly v: number[];
  readonly m: boolean[];
}

let dir: string;
let server: ServedFiles;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-concurrent-'));
  for (const f of FILES) copyFileSync(fixturePath(f), path.join(dir, f));
  server = await startFileServer(dir);
});
afterAll(async () => server?.stop());

/** rasterio's transform, size and, for each box, mask.mask(crop=True, filled=True) and the valid mask. */
function rasterioChips(file: string, boxes: readonly number[][]): { wkts: string[]; chips: ChipRow[] } {
  const py = `
import json, sys, rasterio, rasterio.mask
with rasterio.open(sys.argv[1]) as src:
    t = src.transform
    out = {"wkts": [], "chips": []}
    for col, row in json.loads(sys.argv[2]):
        x0, y0 = t * (col + 0.31, row + 0.27)
        x1, y1 = t * (col + 30.31, row + 20.27)
        ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        g = {"type": "Polygon", "coordinates": [ring]}
        data, tr = rasterio.mask.mask(src, [g], crop=True, filled=True)
        m, _, win = rasterio.mask.raster_geometry_mask(src, [g], crop=True)
        valid = (~m[None, :, :]) & src.read_masks(window=win).astype(bool)
        out["wkts"].append("POLYGON ((" + ", ".join("%r %r" % p for p in ring) + "))")
        out["chips"].append({"bands": data.shape[0], "height": data.shape[1], "width": data.shape[2], "transform": list(tr)[:6],
                             "v": data.astype(float).ravel().tolist(), "m": valid.ravel().tolist()})
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file, JSON.stringify(boxes)], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** The 4 ways case `i` names its file: a path, a file:// URL, HTTP by IP, HTTP by the name localhost. */
function hrefOf(name: string, i: number): string {
  const local = path.join(dir, name);
  return [local, pathToFileURL(local).href, `${server.url}/${name}`, `${server.url.replace('127.0.0.1', 'localhost')}/${name}`][i % 4];
}

function runChild(cases: readonly { href: string; wkt: string }[]): Promise<{ code: unknown; stdout: string }> {
  const script = new URL('./helpers/concurrent-chips.ts', import.meta.url).pathname;
  const env = { ...process.env };
  delete env.UV_THREADPOOL_SIZE; // libuv's default of 4 threads: the limit 4 queries used to hit
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(cases)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  return new Promise((resolve) => child.on('exit', (c, signal) => {
    clearTimeout(killer);
    resolve({ code: c ?? signal, stdout });
  }));
}

describe('concurrent queries in one process', () => {
  it(`finishes ${QUERIES} read_chip queries at once over 4 connections, with rasterio's chips`, async () => {
    // each file gets boxes at different places; case i reads file i % 3 through source i % 4 (all 12 pairs)
    const perFile = FILES.map((name, f) => {
      const mine = Array.from({ length: QUERIES }, (_, i) => i).filter((i) => i % FILES.length === f);
      return rasterioChips(fixturePath(name), mine.map((i) => [120 + ((i * 37) % 150), 100 + ((i * 53) % 150)]));
    });
    const cases = Array.from({ length: QUERIES }, (_, i) => {
      const f = i % FILES.length;
      const k = Math.floor(i / FILES.length);
      return { href: hrefOf(FILES[f], i), wkt: perFile[f].wkts[k], expected: perFile[f].chips[k] };
    });
    // boxes over real pixels, not over nodata: the comparison below would be too easy otherwise
    expect(cases.every((c) => c.expected.m.filter(Boolean).length > 300)).toBe(true);
    const { code, stdout } = await runChild(cases.map(({ href, wkt }) => ({ href, wkt })));
    expect(code, 'the child was killed: the concurrent queries did not finish').toBe(0);
    const out = JSON.parse(stdout) as { concurrentMs: number; concurrent: ChipRow[]; sequential: ChipRow[] };
    console.log(`${QUERIES} concurrent read_chip queries: ${out.concurrentMs.toFixed(0)} ms`);
    cases.forEach((c, i) => {
      expect(out.concurrent[i], c.href).toEqual(out.sequential[i]);
      expect(out.concurrent[i], c.href).toEqual(c.expected);
    });
  }, KILL_AFTER_MS + 30_000);
});
