/**
 * usage: overwrite-forever.ts ROOT — rewrites the key `big` of a FileSystemStore with 64 MiB
 * values, each filled with one byte (1, 2, 3...), printing "WROTE k" after each, until killed.
 * Without fsync nearly all its time is spent inside write(), where a SIGKILL lands: a
 * store that wrote in place would leave a truncated or mixed file.
 */
import { FileSystemStore } from '../../../src/zarr/fs-store.js';

const store = new FileSystemStore(process.argv[2], { durable: false });
const value = new Uint8Array(64 * 2 ** 20);
for (let k = 1; ; k++) {
  store.set('big', value.fill(k % 256));
  console.log(`WROTE ${k}`);
}
