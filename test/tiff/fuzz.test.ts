/**
 * Fuzzing the header parser: real headers (written here, and by GDAL when it is
 * installed) truncated, bit-flipped and with IFD fields overwritten by extreme values.
 * Every case must return a TiffHeader or throw a FormatError, within a hang-detecting bound; never a
 * TypeError, RangeError, InternalError or hang. Deterministic: a seeded PRNG.
 * CI runs 2,000 cases; RASTERDUCK_FUZZ_CASES=200000 runs a long campaign and
 * RASTERDUCK_FUZZ_SEED another sequence.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { readTiffHeader, type ReadTiffHeaderOptions } from '../../src/tiff/header.js';
import { memoryReader } from './memory-reader.js';
import { FLAVOURS, sampleCog, samplePlanar, sampleStriped } from './sample-tiffs.js';
import { fieldPositions, mutate, mulberry32, type Rng } from './mutations.js';

const CASES = Number(process.env.RASTERDUCK_FUZZ_CASES ?? 2000);
// a hang detector, not a speed test: a case normally takes well under 1 ms
const MAX_CASE_MS = 5000;
const SEED = Number(process.env.RASTERDUCK_FUZZ_SEED ?? 20240611);

interface Seed {
  readonly name: string;
  readonly bytes: Uint8Array;
}

function writtenSeeds(): Seed[] {
  return FLAVOURS.flatMap((f) => {
    const tag = `${f.bigTiff ? 'big' : 'classic'}-${f.littleEndian ? 'II' : 'MM'}`;
    return [
      { name: `cog-${tag}`, bytes: sampleCog(f).bytes },
      { name: `striped-${tag}`, bytes: sampleStriped(f).bytes },
      { name: `planar-${tag}`, bytes: samplePlanar(f).bytes },
    ];
  });
}

/** A few small GDAL-written files, when GDAL is installed. */
function gdalSeeds(): Seed[] {
  if (spawnSync('gdal_translate', ['--version']).status !== 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'rasterduck-fuzz-'));
  try {
    const src = join(dir, 'src.tif');
    execFileSync('gdal_create', ['-q', '-outsize', '300', '200', '-bands', '2', '-ot', 'Int16', '-burn', '3', '-a_srs', 'EPSG:4326', '-a_ullr', '2', '49', '3', '48', src]);
    const runs: Record<string, string[]> = {
      'gdal-cog': ['-of', 'COG', '-co', 'BLOCKSIZE=128', '-co', 'COMPRESS=DEFLATE', '-a_nodata', '-1'],
      'gdal-bigtiff-mm-mask': ['-co', 'TILED=YES', '-co', 'BIGTIFF=YES', '-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=LZW', '-mask', '1', '--config', 'GDAL_TIFF_INTERNAL_MASK', 'YES'],
      'gdal-striped-planar': ['-co', 'INTERLEAVE=BAND', '-co', 'COMPRESS=PACKBITS', '-mo', 'AREA_OR_POINT=Point'],
    };
    return Object.entries(runs).map(([name, args]) => {
      const out = join(dir, `${name}.tif`);
      execFileSync('gdal_translate', ['-q', ...args, src, out]);
      return { name, bytes: new Uint8Array(readFileSync(out)) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reader and parser settings varied per case, so short reads and extra rounds are fuzzed too. */
function caseOptions(rng: Rng): ReadTiffHeaderOptions & { knowsSize: boolean } {
  const initialBytes = [32 * 1024, 32 * 1024, 16, 256, 1000][Math.floor(rng() * 5)];
  return { initialBytes, knowsSize: rng() < 0.7, maxReadAheadBytes: rng() < 0.5 ? 1024 * 1024 : 4096 };
}

type Outcome = { kind: 'ok' } | { kind: 'format' } | { kind: 'bad'; error: unknown };

async function runCase(bytes: Uint8Array, options: ReadTiffHeaderOptions & { knowsSize: boolean }): Promise<Outcome> {
  try {
    const header = await readTiffHeader(memoryReader(bytes, { url: 'mem://fuzz.tif', knowsSize: options.knowsSize }), options);
    return header.images.length > 0 ? { kind: 'ok' } : { kind: 'bad', error: new Error('a header with no images') };
  } catch (e) {
    return e instanceof FormatError && e.message.includes('mem://fuzz.tif') ? { kind: 'format' } : { kind: 'bad', error: e };
  }
}

describe('readTiffHeader fuzz', () => {
  let seeds: Seed[] = [];
  beforeAll(() => {
    seeds = [...writtenSeeds(), ...gdalSeeds()];
  });

  it('parses every unmutated seed', async () => {
    for (const seed of seeds) {
      expect(await runCase(seed.bytes, { knowsSize: true }), seed.name).toEqual({ kind: 'ok' });
    }
  });

  it(`returns or throws FormatError on ${CASES} mutated headers, each within ${MAX_CASE_MS} ms`, async () => {
    const rng = mulberry32(SEED);
    const positions = new Map(seeds.map((s) => [s.name, fieldPositions(s.bytes)]));
    const counts = { ok: 0, format: 0 };
    let slowest = { ms: 0, label: '' };
    for (let i = 0; i < CASES; i++) {
      const seed = seeds[i % seeds.length];
      const { bytes, description } = mutate(seed.bytes, positions.get(seed.name) ?? [], rng);
      const options = caseOptions(rng);
      const label = `case ${i} (${seed.name}: ${description}; ${JSON.stringify(options)})`;
      const start = performance.now();
      const outcome = await runCase(bytes, options);
      const ms = performance.now() - start;
      if (ms > slowest.ms) slowest = { ms, label };
      if (outcome.kind === 'bad') {
        const error = outcome.error;
        throw new Error(`${label} threw ${error instanceof Error ? error.stack : String(error)}`);
      }
      counts[outcome.kind]++;
    }
    expect(slowest.ms, slowest.label).toBeLessThan(MAX_CASE_MS);
    // both outcomes must occur, or the mutations are too weak (or too strong) to mean anything
    expect(counts.ok).toBeGreaterThan(CASES / 50);
    expect(counts.format).toBeGreaterThan(CASES / 50);
  });
});
