/**
 * decode: tiles/s decoding 512x512 tiles that GDAL wrote (uint16 DEFLATE, ZSTD and LZW with
 * predictor 2, float32 LERC lossless, uint8 RGB JPEG in YCbCr), rasterduck's decodeBlock
 * against GDAL on one core, then rasterduck's decode pool and GDAL's multi-threaded
 * decoding with every core. Both sides decode the same tiles from memory, passes
 * alternating so both meet the same machine load; see bench/reference/decode_tiles.py for
 * how GDAL is kept from serving a tile from its cache.
 * Usage: tsx bench/decode.ts [--quick] [--side N (tiles per side)] [--runs N]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { FileReader } from '../src/io/file-reader.js';
import { decodeBlocks, decodeThreads } from '../src/tiff/decode-pool.js';
import { decodeBlock, prepareCodec, type DecodedBlock } from '../src/tiff/decode-block.js';
import { readTiffHeader } from '../src/tiff/header.js';
import type { TiffImage } from '../src/tiff/tiff-image.js';
import { benchArgs } from './lib/args.js';
import { DATA_DIR } from './lib/data.js';
import { hasRasterio, PYTHON } from './lib/gdal.js';
import { PythonSession } from './lib/python-session.js';
import { median, printRows, saveRows, type BenchRow } from './lib/report.js';

const CODECS = ['deflate', 'zstd', 'lzw', 'lerc', 'jpeg'] as const;
const SCRIPT = path.resolve('bench/reference/decode_tiles.py');

const args = benchArgs(process.argv.slice(2), { side: 8, runs: 7 });
const side = args.quick ? 2 : args.side;
const dir = path.join(DATA_DIR, 'decode');
execFileSync(PYTHON, [SCRIPT, 'make', dir, String(side)], { stdio: 'inherit' });

/** One file's tiles as stored bytes, each in its own buffer as a fetch would hand them over. */
interface TileSet {
  readonly codec: string;
  readonly file: string;
  readonly url: string;
  readonly image: TiffImage;
  readonly littleEndian: boolean;
  readonly tiles: readonly Uint8Array[];
  readonly decodedBytes: number;
  readonly storedBytes: number;
}

async function loadTiles(codec: string): Promise<TileSet> {
  const file = path.join(dir, `${codec}-${side}.tif`);
  const url = `file://${file}`;
  const header = await readTiffHeader(new FileReader(url));
  const image = header.images[0];
  const bytes = readFileSync(file);
  const tiles = image.blockOffsets.map((o, i) => new Uint8Array(bytes.subarray(o, o + image.blockByteCounts[i])));
  await prepareCodec(image.compression, url);
  const decoded = decodeBlock(tiles[0], image, { littleEndian: header.littleEndian, url });
  return {
    codec, file, url, image, littleEndian: header.littleEndian, tiles,
    decodedBytes: decoded.data.byteLength * tiles.length,
    storedBytes: tiles.reduce((n, t) => n + t.length, 0),
  };
}

/** One pass over the tiles on this thread: wall and CPU milliseconds. */
function decodeOneCore(set: TileSet): { ms: number; cpuMs: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  let sink = 0;
  set.tiles.forEach((bytes, blockIndex) => {
    sink += decodeBlock(bytes, set.image, { littleEndian: set.littleEndian, url: set.url, blockIndex }).data.length;
  });
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - start;
  if (sink === 0) throw new Error('nothing decoded');
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

async function decodeAllCores(set: TileSet): Promise<number> {
  const jobs = set.tiles.map((bytes, blockIndex) => ({ bytes, image: set.image, littleEndian: set.littleEndian, url: set.url, blockIndex }));
  const start = performance.now();
  const blocks: DecodedBlock[] = await decodeBlocks(jobs);
  const ms = performance.now() - start;
  if (blocks.length !== jobs.length) throw new Error('missing blocks');
  return ms;
}

const sets: TileSet[] = [];
for (const codec of CODECS) sets.push(await loadTiles(codec));
const gdal = hasRasterio() ? new PythonSession(SCRIPT, ['serve']) : undefined;
const gdalPass = (set: TileSet, mode: 'tiles' | 'all') => gdal?.request<{ ms: number; cpuMs?: number }>(`${set.file} ${mode}`);

type Samples = Record<string, { one: number[]; oneCpu: number[]; pool: number[]; gdalOne: number[]; gdalOneCpu: number[]; gdalAll: number[] }>;
const samples: Samples = Object.fromEntries(CODECS.map((c) => [c, { one: [], oneCpu: [], pool: [], gdalOne: [], gdalOneCpu: [], gdalAll: [] }]));
// round 0 is the warm-up (JIT, WASM tiering, worker start, GDAL's first open)
for (let round = 0; round <= args.runs; round++) {
  for (const set of sets) {
    const s = samples[set.codec];
    const gdalOne = await gdalPass(set, 'tiles');
    const one = decodeOneCore(set);
    const gdalAll = await gdalPass(set, 'all');
    const pool = await decodeAllCores(set);
    if (round === 0) continue;
    s.one.push(one.ms);
    s.oneCpu.push(one.cpuMs);
    s.pool.push(pool);
    if (gdalOne !== undefined) s.gdalOne.push(gdalOne.ms);
    if (gdalOne?.cpuMs !== undefined) s.gdalOneCpu.push(gdalOne.cpuMs);
    if (gdalAll !== undefined) s.gdalAll.push(gdalAll.ms);
  }
}
await gdal?.close();

const medianOrUndefined = (v: number[]) => (v.length ? median(v) : undefined);
const label = (set: TileSet) => `${set.codec} ${set.image.samplesPerPixel > 1 ? `${set.image.samplesPerPixel}x` : ''}` +
  `${set.image.bitsPerSample[0]}-bit, ${set.tiles.length} tiles`;
const rowsOf = (mode: 'one' | 'pool', ref: 'gdalOne' | 'gdalAll'): BenchRow[] => sets.map((set) => ({
  case: label(set),
  rasterduckMs: median(samples[set.codec][mode]),
  referenceMs: medianOrUndefined(samples[set.codec][ref]),
  requests: 0,
  bytes: 0,
}));
const oneCore = rowsOf('one', 'gdalOne');
const allCores = rowsOf('pool', 'gdalAll');
const threads = decodeThreads();
printRows('decode, one core: rasterduck decodeBlock vs GDAL (GDAL_NUM_THREADS=1)', oneCore);
printRows(`decode, all ${availableParallelism()} cores: rasterduck decodeBlocks (${threads} worker${threads > 1 ? 's' : ''} + caller) vs GDAL NUM_THREADS=ALL_CPUS`, allCores);

const perSecond = (set: TileSet, ms: number | undefined) => (ms === undefined ? undefined : set.tiles.length / (ms / 1000));
const rate = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(0));
const lines = [
  '\n| codec | MB/s decoded (rd 1 core) | tiles/s rd 1 core | tiles/s GDAL 1 core | 1-core ratio | CPU-time ratio | tiles/s rd pool | tiles/s GDAL all cores |',
  '|---|---|---|---|---|---|---|---|',
];
const summary = sets.map((set, i) => {
  const one = perSecond(set, oneCore[i].rasterduckMs) ?? 0;
  const gdalOne = perSecond(set, oneCore[i].referenceMs);
  const s = samples[set.codec];
  const cpuRatio = s.gdalOneCpu.length ? median(s.gdalOneCpu) / median(s.oneCpu) : undefined;
  const out = {
    codec: set.codec,
    tiles: set.tiles.length,
    decodedMB: set.decodedBytes / 1e6,
    storedMB: set.storedBytes / 1e6,
    mbPerSecond: set.decodedBytes / 1e6 / (oneCore[i].rasterduckMs / 1000),
    tilesPerSecond: one,
    gdalTilesPerSecond: gdalOne,
    ratio: gdalOne === undefined ? undefined : one / gdalOne,
    cpuRatio,
    poolTilesPerSecond: perSecond(set, allCores[i].rasterduckMs),
    gdalAllCoresTilesPerSecond: perSecond(set, allCores[i].referenceMs),
  };
  const x = (r: number | undefined) => (r === undefined ? '-' : `${r.toFixed(2)}x`);
  lines.push(`| ${set.codec} | ${out.mbPerSecond.toFixed(0)} | ${rate(one)} | ${rate(gdalOne)} | ${x(out.ratio)} | ${x(cpuRatio)} | ` +
    `${rate(out.poolTilesPerSecond)} | ${rate(out.gdalAllCoresTilesPerSecond)} |`);
  return out;
});
const load = loadavg()[0];
lines.push(`\ntarget: rasterduck >= 0.8x GDAL on one core. Ratios are GDAL time / rasterduck time (wall, median of ${args.runs});`,
  `the CPU-time ratio compares process CPU time of the same passes, steadier when other work shares the machine.`,
  `Load average during the run: ${load.toFixed(2)} on ${availableParallelism()} cores.`);
process.stdout.write(lines.join('\n') + '\n');
saveRows('decode', oneCore, { args: { ...args, side }, allCores, summary, samples, threads, loadAverage: load });
