/**
 * A fuzz campaign through SQL: GDAL-written seed files mutated deterministically (header and
 * IFD bit flips and extreme values, tile-data bit flips, truncations), each mutant read with
 * cog_metadata then read_chip over its whole extent on one connection, and, where rasterduck
 * returns pixels, compared with GDAL (rasterio, one long-lived python process) on the same
 * file. Shared by test/tiff/sql-fuzz.test.ts (a few hundred mutants) and bench/fuzz-tiff.ts.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DuckDBConnection } from '@duckdb/node-api';
import { fieldPositions, mulberry32, mutate, type FieldPosition, type Rng } from './mutations.js';

/** One seed file: its bytes and where its header fields are. */
export interface FuzzSeed {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly fields: readonly FieldPosition[];
}

/** What rasterduck did with one mutant. */
export type RasterduckOutcome =
  | { readonly kind: 'error'; readonly cls: 'input' | 'format' | 'fetch'; readonly message: string }
  | { readonly kind: 'crash'; readonly message: string }
  | { readonly kind: 'hang'; readonly message: string }
  | { readonly kind: 'null' }
  | { readonly kind: 'pixels' };

/** The counts a campaign reports. */
export interface FuzzCounts {
  mutants: number;
  errors: Record<'input' | 'format' | 'fetch', number>;
  nulls: number;
  pixels: number;
  gdalErrors: number;
  notCompared: number;
  matches: number;
  mismatches: number;
  crashes: number;
  hangs: number;
  slowestMs: number;
}

/** A failure worth reading: a crash, hang or pixel mismatch, with how to remake the mutant. */
export interface FuzzFinding {
  readonly kind: 'crash' | 'hang' | 'mismatch';
  readonly label: string;
  readonly detail: string;
}

// the GDAL command lines behind the seeds: codecs, predictors, dtypes, BigTIFF, both byte
// orders, planar and chunky, strips, an internal mask and nodata, all small (a few KB)
const SEED_RUNS: Readonly<Record<string, readonly string[]>> = {
  'tiled-deflate-pred2-u16-nodata': ['-b', '1', '-ot', 'UInt16', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2', '-a_nodata', '7'],
  'bigtiff-mm-lzw-i16-mask': ['-b', '1', '-b', '2', '-ot', 'Int16', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=16', '-co', 'BIGTIFF=YES', '-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=LZW', '-mask', '1', '--config', 'GDAL_TIFF_INTERNAL_MASK', 'YES'],
  'striped-planar-packbits-f32': ['-ot', 'Float32', '-co', 'INTERLEAVE=BAND', '-co', 'COMPRESS=PACKBITS', '-co', 'BLOCKYSIZE=8', '-a_nodata', 'nan'],
  'tiled-zstd-pred3-f32': ['-b', '1', '-ot', 'Float32', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=16', '-co', 'BLOCKYSIZE=16', '-co', 'COMPRESS=ZSTD', '-co', 'PREDICTOR=3'],
  'tiled-none-u8-rgb': ['-b', '1', '-b', '2', '-b', '3', '-ot', 'Byte', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=16', '-co', 'BLOCKYSIZE=16', '-co', 'PHOTOMETRIC=RGB'],
};

/** True when GDAL's command-line tools and rasterio are there. */
export function hasGdal(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import rasterio'], { stdio: 'ignore' });
    execFileSync('gdal_translate', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Writes the seed files with GDAL (values vary by pixel, so a wrong decode shows). */
export function gdalSeeds(dir: string): FuzzSeed[] {
  const src = join(dir, 'seed-src.tif');
  // a 50x37 gradient in three bands, odd sizes so edge blocks are partial
  execFileSync('gdal_create', ['-q', '-outsize', '50', '37', '-bands', '3', '-ot', 'Float32', '-burn', '0', '-a_srs', 'EPSG:32633',
    '-a_ullr', '500000', '4000000', '500500', '3999630', src]);
  execFileSync('/usr/bin/python3', ['-c', `
import sys, numpy as np
from osgeo import gdal
ds = gdal.Open(sys.argv[1], gdal.GA_Update)
for b in range(3):
    r, c = np.mgrid[0:37, 0:50]
    ds.GetRasterBand(b + 1).WriteArray((r * 50 + c + 1000 * b) % 251 + 3.25 * b)
`, src]);
  return Object.entries(SEED_RUNS).map(([name, args]) => {
    const out = join(dir, `seed-${name}.tif`);
    execFileSync('gdal_translate', ['-q', ...args, src, out]);
    const bytes = new Uint8Array(readFileSync(out));
    return { name, bytes, fields: fieldPositions(bytes) };
  });
}

/** One mutant: header mutations (mutations.ts), or tile-data bit flips, or a cut anywhere. */
export function mutant(seed: FuzzSeed, rng: Rng): { bytes: Uint8Array; description: string } {
  const pick = rng();
  if (pick < 0.55) return mutate(seed.bytes, seed.fields, rng);
  const out = seed.bytes.slice();
  const headerEnd = seed.fields.reduce((m, f) => Math.max(m, f.at + f.size), 16);
  if (pick < 0.85) {
    const steps = Array.from({ length: 1 + Math.floor(rng() * 4) }, () => {
      const at = headerEnd + Math.floor(rng() * Math.max(1, out.length - headerEnd));
      const bit = Math.floor(rng() * 8);
      if (at < out.length) out[at] ^= 1 << bit;
      return `flip bit ${bit} of data byte ${at}`;
    });
    return { bytes: out, description: steps.join(', ') };
  }
  const cut = Math.floor(rng() * out.length);
  return { bytes: out.subarray(0, cut), description: `truncate at ${cut} of ${out.length}` };
}

interface ChipRow {
  readonly m: { image_width: number; image_height: number; affine: number[] | null } | null;
  readonly chip: { data: Uint8Array; dtype: string; bands: number; height: number; width: number; transform: number[]; mask: Uint8Array } | null;
}

/** The whole extent of the file as its own metadata says, as an envelope in its CRS (identity grid when none). */
const WHOLE = `
  WITH m AS (SELECT cog_metadata($path) AS m),
       g AS (SELECT m, coalesce(m.affine, [1.0, 0, 0, 0, 1.0, 0]) AS t FROM m)
  SELECT m, read_chip(m, ST_MakeEnvelope(
      least(t[3], t[3] + t[1] * m.image_width), least(t[6], t[6] + t[5] * m.image_height),
      greatest(t[3], t[3] + t[1] * m.image_width), greatest(t[6], t[6] + t[5] * m.image_height))) AS chip
  FROM g`;

/** Reads one mutant in SQL and classifies the answer; writes the chip's data and mask beside it for GDAL. */
export async function readMutant(con: DuckDBConnection, path: string): Promise<{ outcome: RasterduckOutcome; chip?: NonNullable<ChipRow['chip']> }> {
  let row: ChipRow;
  try {
    const reader = await con.runAndReadAll(WHOLE, { path });
    row = reader.getRowObjectsJS()[0] as unknown as ChipRow;
  } catch (e) {
    return { outcome: classify((e as Error).message) };
  }
  if (!row.chip) return { outcome: { kind: 'null' } };
  return { outcome: { kind: 'pixels' }, chip: row.chip };
}

const CLASSES: readonly ['input' | 'format' | 'fetch', RegExp][] = [['fetch', /fetch|HTTP|ENOENT|could not read|failed after/i]];

/**
 * An error message as a rasterduck error class, or a crash: only a message that names the
 * function and the mutant file and carries no sign of a bug counts as a rasterduck error.
 */
export function classify(message: string): RasterduckOutcome {
  if (/RASTERDUCK_BRIDGE_TIMEOUT_MS/.test(message)) return { kind: 'hang', message };
  const named = /^Invalid Input Error: (cog_metadata|read_chip): row 0 \(/.test(message);
  if (!named || /a bug in rasterduck|unexpected error|TypeError|RangeError|Invalid array length/.test(message)) return { kind: 'crash', message };
  // FormatError is the parser's refusal; InputError messages speak of arguments, geometries and limits
  const input = /geometry|RASTERDUCK_MAX_CHIP_MB|argument|CRS/.test(message) && !/TIFF|IFD|block|tag|compression/i.test(message);
  const fetch = CLASSES.find(([, re]) => re.test(message));
  return { kind: 'error', cls: input ? 'input' : fetch ? 'fetch' : 'format', message };
}

/** A chip of `path` as a GDAL checker request: its data and mask written beside the file. */
export function gdalRequest(path: string, chip: NonNullable<ChipRow['chip']>): object {
  writeFileSync(`${path}.data`, chip.data);
  writeFileSync(`${path}.mask`, chip.mask);
  return { path, data: `${path}.data`, mask: `${path}.mask`, dtype: chip.dtype, shape: [chip.bands, chip.height, chip.width], transform: chip.transform };
}

/** The GDAL side: one python process answering one JSON line per request. */
export class GdalChecker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly replies: AsyncIterator<string>;
  // GDAL warns on most mutants; only the end of it is kept, for when python dies
  private stderrTail = '';

  constructor() {
    const script = fileURLToPath(new URL('./gdal_window_check.py', import.meta.url));
    this.child = spawn('/usr/bin/python3', [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-2000);
    });
    this.replies = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** GDAL's verdict on a batch of chips, in order. */
  async check(requests: readonly object[]): Promise<{ verdict: string; detail: string }[]> {
    for (const r of requests) this.child.stdin.write(`${JSON.stringify(r)}\n`);
    const out: { verdict: string; detail: string }[] = [];
    for (let i = 0; i < requests.length; i++) {
      const next = await this.replies.next();
      if (next.done) throw new Error(`the GDAL checker exited: ${this.stderrTail}`);
      out.push(JSON.parse(next.value));
    }
    return out;
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** Options of a campaign. */
export interface CampaignOptions {
  readonly count: number;
  readonly seed: number;
  readonly dir: string;
  /** Mutants read before GDAL checks them as one batch. */
  readonly batch?: number;
  /** A mutant slower than this counts as a hang (the parser's bound, not a speed test). */
  readonly hangMs?: number;
  readonly onProgress?: (done: number, counts: FuzzCounts) => void;
  /** Called on each finding as soon as it is known (a long run otherwise tells only at its end). */
  readonly onFinding?: (finding: FuzzFinding) => void;
  /** Skip to this mutant index: earlier mutants are generated (the RNG stream stays the same) but not read. */
  readonly from?: number;
  /** A folder to copy the mutant file of every finding into, as m<index>.tif. */
  readonly keep?: string;
}

/** Runs a campaign on one connection: counts, and every crash, hang and mismatch found. */
export async function runCampaign(con: DuckDBConnection, seeds: readonly FuzzSeed[], o: CampaignOptions): Promise<{ counts: FuzzCounts; findings: FuzzFinding[] }> {
  const rng = mulberry32(o.seed);
  const counts: FuzzCounts = { mutants: 0, errors: { input: 0, format: 0, fetch: 0 }, nulls: 0, pixels: 0, gdalErrors: 0, notCompared: 0, matches: 0, mismatches: 0, crashes: 0, hangs: 0, slowestMs: 0 };
  const findings: FuzzFinding[] = [];
  const gdal = new GdalChecker();
  const batch = o.batch ?? 50;
  mkdirSync(o.dir, { recursive: true });
  if (o.keep) mkdirSync(o.keep, { recursive: true });
  const found = (f: FuzzFinding, path: string): void => {
    findings.push(f);
    if (o.keep) copyFileSync(path, join(o.keep, path.split('/').pop()!));
    o.onFinding?.(f);
  };
  // the mutants before `from` are made and dropped, so index i is the same mutant either way
  const from = Math.min(o.from ?? 0, o.count);
  for (let i = 0; i < from; i++) mutant(seeds[i % seeds.length], rng);
  try {
    for (let start = from; start < o.count; start += batch) {
      const pending: { request: object; label: string; path: string }[] = [];
      for (let i = start; i < Math.min(o.count, start + batch); i++) {
        const seed = seeds[i % seeds.length];
        const { bytes, description } = mutant(seed, rng);
        const path = join(o.dir, `m${i}.tif`);
        writeFileSync(path, bytes);
        const label = `mutant ${i} (seed ${o.seed}, ${seed.name}: ${description})`;
        const t0 = performance.now();
        const { outcome, chip } = await readMutant(con, path);
        const ms = performance.now() - t0;
        counts.mutants++;
        counts.slowestMs = Math.max(counts.slowestMs, ms);
        if (ms > (o.hangMs ?? 10_000)) found({ kind: 'hang', label, detail: `${ms.toFixed(0)} ms` }, path);
        if (outcome.kind === 'error') counts.errors[outcome.cls]++;
        else if (outcome.kind === 'null') counts.nulls++;
        else if (outcome.kind === 'crash' || outcome.kind === 'hang') found({ kind: outcome.kind, label, detail: outcome.message }, path);
        if (outcome.kind !== 'pixels' || !chip) continue;
        counts.pixels++;
        pending.push({ label, path, request: gdalRequest(path, chip) });
      }
      const verdicts = await gdal.check(pending.map((p) => p.request));
      verdicts.forEach((v, k) => {
        if (v.verdict === 'gdal_error') counts.gdalErrors++;
        else if (v.verdict === 'not_compared') counts.notCompared++;
        else if (v.verdict === 'match') counts.matches++;
        else found({ kind: 'mismatch', label: pending[k].label, detail: v.detail }, pending[k].path);
      });
      counts.crashes = findings.filter((f) => f.kind === 'crash').length;
      counts.hangs = findings.filter((f) => f.kind === 'hang').length;
      counts.mismatches = findings.filter((f) => f.kind === 'mismatch').length;
      rmSync(o.dir, { recursive: true, force: true });
      mkdirSync(o.dir, { recursive: true });
      o.onProgress?.(counts.mutants, counts);
    }
  } finally {
    gdal.close();
  }
  return { counts, findings };
}
