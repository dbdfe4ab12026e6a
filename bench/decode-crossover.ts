/**
 * decode-crossover: where the decode pool starts paying for itself. The same batches of
 * deflate + predictor 2 uint16 tiles (64 to 512 px, 2 to 32 tiles) decoded on the calling
 * thread alone and through the pool (one worker plus the caller), median wall time each.
 * The pool's round trip (copy in, clone, transfer out, wake-up) is a fixed cost per batch,
 * so it wins once a batch decodes to a few hundred KiB: DEFAULT_INLINE_BELOW_BYTES in
 * src/tiff/decode-pool.ts comes from this table. Only meaningful with a core to spare: the
 * load average is printed with it.
 * Usage: tsx bench/decode-crossover.ts [--quick] [--runs N]
 */
import { availableParallelism, loadavg } from 'node:os';
import { deflateSync } from 'node:zlib';
import { prepareCodec } from '../src/tiff/decode-block.js';
import { DecodePool, DEFAULT_INLINE_BELOW_BYTES, type DecodeJob } from '../src/tiff/decode-pool.js';
import type { TiffImage } from '../src/tiff/tiff-image.js';
import { benchArgs } from './lib/args.js';
import { median, saveRows, type BenchRow } from './lib/report.js';

const args = benchArgs(process.argv.slice(2), { runs: 15 });
const sizes = args.quick ? [128, 512] : [64, 128, 256, 512];
const counts = args.quick ? [2, 8] : [2, 4, 8, 16, 32];

function imageOf(size: number): TiffImage {
  return {
    ifdIndex: 0, role: 'full', width: size, height: size, tiled: true, blockWidth: size, blockHeight: size,
    bitsPerSample: [16], sampleFormat: [1], samplesPerPixel: 1, planarConfiguration: 1, compression: 8,
    predictor: 2, photometric: 1, extraSamples: [], blockOffsets: [], blockByteCounts: [],
  };
}

/** A tile like bench/reference/decode_tiles.py's imagery: a smooth field plus noise, differenced per row. */
function storedTile(size: number): Uint8Array {
  const s = new Uint16Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) s[r * size + c] = 1800 + 700 * Math.sin(c / 61) * Math.cos(r / 83) + 28 * (Math.random() - 0.5);
    for (let c = size - 1; c > 0; c--) s[r * size + c] -= s[r * size + c - 1];
  }
  return new Uint8Array(deflateSync(new Uint8Array(s.buffer)));
}

async function medianMs(pool: DecodePool, jobs: DecodeJob[]): Promise<number> {
  for (let w = 0; w < 3; w++) await pool.decode(jobs);
  const times: number[] = [];
  for (let r = 0; r < args.runs; r++) {
    const start = performance.now();
    await pool.decode(jobs);
    times.push(performance.now() - start);
  }
  return median(times);
}

await prepareCodec(8);
const pooled = new DecodePool({ threads: 1, inlineBelowBytes: 0 });
const here = new DecodePool({ threads: 0 });
const rows: BenchRow[] = [];
const lines = ['\n### decode-crossover: one batch on the calling thread vs through the pool\n', '| batch | decoded KiB | calling thread ms | pool ms | pool speed-up |', '|---|---|---|---|---|'];
for (const size of sizes) {
  const bytes = storedTile(size);
  const image = imageOf(size);
  for (const n of counts) {
    const jobs = Array.from({ length: n }, (_, blockIndex) => ({ bytes, image, littleEndian: true, url: 'mem://crossover.tif', blockIndex }));
    const inlineMs = await medianMs(here, jobs);
    const poolMs = await medianMs(pooled, jobs);
    const kib = (size * size * 2 * n) / 1024;
    rows.push({ case: `${size}px x ${n}`, rasterduckMs: poolMs, referenceMs: inlineMs, requests: 0, bytes: 0, note: `${kib} KiB decoded; reference = the calling thread alone` });
    lines.push(`| ${size}px x ${n} | ${kib} | ${inlineMs.toFixed(2)} | ${poolMs.toFixed(2)} | ${(inlineMs / poolMs).toFixed(2)}x |`);
  }
}
await pooled.close();
const load = loadavg()[0];
lines.push(`\nbatches under ${DEFAULT_INLINE_BELOW_BYTES / 1024} KiB stay on the calling thread by default. Load average: ${load.toFixed(2)} on ${availableParallelism()} cores.`);
process.stdout.write(lines.join('\n') + '\n');
saveRows('decode-crossover', rows, { args, loadAverage: load, inlineBelowBytes: DEFAULT_INLINE_BELOW_BYTES });
