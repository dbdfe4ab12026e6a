/**
 * rasterio's chips, generated once next to the fixtures (test/.fixtures/<version>/
 * <prefix>-<script hash>/) and loaded per file: for every readable fixture of the matrix
 * (chip_expected.py) and for the small mask-rule files (mask_rules.py).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Geometry } from '../../src/geo/geometry.js';
import { fixturesDir } from '../fixtures/fixtures.js';

const MATRIX_SCRIPT = fileURLToPath(new URL('./chip_expected.py', import.meta.url));
const RULES_SCRIPT = fileURLToPath(new URL('./mask_rules.py', import.meta.url));

/** One case as chip_expected.py wrote it. */
export interface ExpectedCase {
  readonly name: string;
  /** The geometry sent: in the raster's CRS, or in `geometry_crs`. */
  readonly geometry: Geometry;
  readonly geometry_crs: string | null;
  readonly all_touched: boolean;
  /** rasterio raised "Input shapes do not overlap raster". */
  readonly null: boolean;
  readonly shape?: [number, number, number];
  readonly dtype?: string;
  readonly transform?: number[];
  readonly nodata?: number | null;
  readonly nodata_is_nan?: boolean;
  /** rasterio's filled array, native byte order. */
  data?: Uint8Array;
  /** 1 = valid, bands·height·width. */
  mask?: Uint8Array;
}

interface RawCase extends ExpectedCase {
  readonly data_offset?: number;
  readonly data_bytes?: number;
  readonly mask_offset?: number;
  readonly mask_bytes?: number;
}

/** A folder next to the fixtures named after a generator script's hash, so editing it regenerates. */
function cacheDir(prefix: string, script: string): string {
  const hash = createHash('sha256').update(readFileSync(script)).digest('hex').slice(0, 12);
  return join(fixturesDir(), `${prefix}-${hash}`);
}

/** Runs a generator into `dir` unless it is complete; a concurrent run's finished folder wins. */
function ensureGenerated(dir: string, args: (out: string) => string[]): string {
  if (existsSync(join(dir, 'done.json'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  execFileSync('/usr/bin/python3', ['-B', ...args(tmp)], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another run renamed its copy first
  }
  removeOlderVersions(dir);
  return dir;
}

/** Drops the folders an earlier version of the same script wrote (not other runs' temp folders). */
function removeOlderVersions(dir: string): void {
  const prefix = basename(dir).replace(/-[0-9a-f]{12}$/, '-');
  for (const name of readdirSync(dirname(dir))) {
    if (name.startsWith(prefix) && /^[a-z-]+-[0-9a-f]{12}$/.test(name) && name !== basename(dir)) {
      rmSync(join(dirname(dir), name), { recursive: true, force: true });
    }
  }
}

/** rasterio's chips of the fixture matrix (chip_expected.py), generated once; returns their folder. */
export function ensureExpectedChips(): string {
  return ensureGenerated(cacheDir('chips', MATRIX_SCRIPT), (out) => [MATRIX_SCRIPT, fixturesDir(), out]);
}

/** The mask-rule files and rasterio's chips of them (mask_rules.py); returns their folder (files in files/). */
export function ensureMaskRuleChips(): string {
  return ensureGenerated(cacheDir('mask-rules', RULES_SCRIPT), (out) => [RULES_SCRIPT, out]);
}

/** The expected cases of one file in `dir` (default: the matrix's), with their pixels. */
export function expectedChips(name: string, dir = cacheDir('chips', MATRIX_SCRIPT)): ExpectedCase[] {
  const { cases } = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { cases: RawCase[] };
  const blob = gunzipSync(readFileSync(join(dir, `${name}.bin.gz`)));
  for (const c of cases) {
    if (c.null) continue;
    c.data = new Uint8Array(blob.subarray(c.data_offset, c.data_offset! + c.data_bytes!));
    c.mask = new Uint8Array(blob.subarray(c.mask_offset, c.mask_offset! + c.mask_bytes!));
  }
  return cases;
}
