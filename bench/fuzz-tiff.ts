/**
 * fuzz-tiff: the long TIFF fuzz campaign through SQL (cog_metadata + read_chip on GDAL-written
 * seeds, mutated; pixels compared with GDAL where both read a mutant). Prints the counts and
 * every crash, hang and mismatch with what remakes it; exits 1 when there is any.
 * Usage: node --import tsx bench/fuzz-tiff.ts [--count 100000] [--seed 20261207] [--from K] [--keep DIR] [--quick]
 * (--from K reads only mutants K..count-1 of the same stream; --keep DIR copies each finding's mutant
 * file there; findings are also printed to stderr as they are found)
 * (or npm run bench -- fuzz-tiff; the suite without names leaves it out)
 */
// no block cache: every mutant is a new file, and caching blocks of dead files only costs memory
process.env.RASTERDUCK_BLOCK_CACHE_MB = '0';
// a hung parser surfaces as a bridge timeout instead of a stuck run
process.env.RASTERDUCK_BRIDGE_TIMEOUT_MS ??= '20000';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/index.js';
import { gdalSeeds, hasGdal, runCampaign, type FuzzCounts } from '../test/tiff/sql-fuzz.js';

function argOf(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, not ${process.argv[at + 1]}`);
  return value;
}

function stringOf(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

function line(c: FuzzCounts): string {
  return `mutants ${c.mutants} | errors format ${c.errors.format}, input ${c.errors.input}, fetch ${c.errors.fetch} | NULL ${c.nulls} | ` +
    `pixels ${c.pixels} (GDAL error ${c.gdalErrors}, not comparable ${c.notCompared}, match ${c.matches}, mismatch ${c.mismatches}) | ` +
    `crashes ${c.crashes} | hangs ${c.hangs} | slowest ${c.slowestMs.toFixed(0)} ms`;
}

if (!hasGdal()) {
  console.error('fuzz-tiff needs gdal_translate and /usr/bin/python3 with rasterio');
  process.exit(2);
}
// --quick (as bench/run.ts passes it) is a smoke run; the campaign the issue asks for is the default
const count = argOf('count', process.argv.includes('--quick') ? 200 : 100_000);
const seed = argOf('seed', 20261207);
const dir = mkdtempSync(join(tmpdir(), 'rd-fuzz-tiff-'));
const started = performance.now();
try {
  const seeds = gdalSeeds(dir);
  const con = await connect();
  const { counts, findings } = await runCampaign(con, seeds, {
    count, seed, dir: join(dir, 'mutants'), batch: 100, from: argOf('from', 0), keep: stringOf('keep'),
    onFinding: (f) => process.stderr.write(`${f.kind}: ${f.label}: ${f.detail}\n`),
    onProgress: (done, c) => { if (process.stderr.isTTY || done % 1000 === 0) process.stderr.write(`${line(c)}\r${process.stderr.isTTY ? '' : '\n'}`); },
  });
  con.closeSync();
  console.log(`\nfuzz-tiff seed ${seed}, ${seeds.length} GDAL seeds, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(line(counts));
  for (const f of findings) console.log(`${f.kind}: ${f.label}: ${f.detail}`);
  process.exitCode = findings.length > 0 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
