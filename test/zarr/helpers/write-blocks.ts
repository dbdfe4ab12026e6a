/**
 * usage: write-blocks.ts ROOT [DELAY_MS] — writes a small raster cube block by block
 * (blocks of half a shard, so shards are rebuilt by read-modify-write), skipping blocks
 * the ledger has, and prints "WROTE <id>" after each block's marker, then "DONE".
 * CRASH_AFTER_DATA=<id> kills the process after that block's data, before its marker.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BlockLedger } from '../../../src/zarr/block-ledger.js';
import { FileSystemStore } from '../../../src/zarr/fs-store.js';
import { createRasterCube } from '../../../src/zarr/raster-cube.js';
import { loadZstdEncoder } from '../../../src/zarr/zstd.js';
import { CUBE, cubeBlocks, blockPixels } from './cube-fixture.js';

const [root, delay = '0'] = process.argv.slice(2);
await loadZstdEncoder();
const store = new FileSystemStore(root);
store.removeStaleTemps();
const writer = createRasterCube(store, CUBE);
const ledger = BlockLedger.open(store, { fingerprint: 'write-blocks v1' });
for (const block of ledger.pending(cubeBlocks(), (b) => b.id)) {
  const stats = writer.writeRegion({ start: block.start, shape: block.shape, data: blockPixels(block) });
  if (process.env.CRASH_AFTER_DATA === block.id) process.kill(process.pid, 'SIGKILL');
  ledger.markDone(block.id, { chunks: stats.chunks });
  console.log(`WROTE ${block.id}`);
  await sleep(Number(delay));
}
console.log('DONE');
