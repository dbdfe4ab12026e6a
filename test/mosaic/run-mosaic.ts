/**
 * usage: run-mosaic.ts MANIFEST_JSON OUTPUT — builds the fixture mosaic (16 px blocks, so
 * there are many) in this process and prints "<tile_id> <status>" per block, then "DONE".
 * The resume test SIGKILLs it part way and runs it again.
 */
import { readFileSync } from 'node:fs';
import { collectionOf, type SceneFiles } from './fixture.js';

const [manifest, output] = process.argv.slice(2);
const con = await collectionOf(JSON.parse(readFileSync(manifest, 'utf8')) as SceneFiles[]);
const reader = await con.runAndReadAll(`SELECT tile_id, status FROM build_mosaic(getvariable('scenes'), bands := ['B04', 'B08'],
  mask_band := 'SCL', date_ranges := ['2024-05-01/2024-05-31', '2024-05-01/2024-07-31'], block_size := 16, output := '${output}')`);
for (const [id, status] of reader.getRows()) console.log(`${String(id)} ${String(status)}`);
console.log('DONE');
