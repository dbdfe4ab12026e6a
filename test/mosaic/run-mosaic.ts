/**
 * usage: run-mosaic.ts MANIFEST_JSON OUTPUT [BANDS] [BLOCK_PX] — builds the fixture mosaic
 * (16 px blocks by default, so there are many; BANDS comma-separated, default B04,B08) in
 * this process and prints "<tile_id> <status>" per block, then "DONE". The resume test
 * SIGKILLs it part way and runs it again; the claim test starts two at once.
 */
import { readFileSync } from 'node:fs';
import { collectionOf, type SceneFiles } from './fixture.js';

const [manifest, output, bands = 'B04,B08', blockPx = '16'] = process.argv.slice(2);
const con = await collectionOf(JSON.parse(readFileSync(manifest, 'utf8')) as SceneFiles[]);
const list = bands.split(',').map((b) => `'${b}'`).join(', ');
const reader = await con.runAndReadAll(`SELECT tile_id, status FROM build_mosaic(getvariable('scenes'), bands := [${list}],
  mask_band := 'SCL', date_ranges := ['2024-05-01/2024-05-31', '2024-05-01/2024-07-31'], block_size := ${Number(blockPx)}, output := '${output}')`);
for (const [id, status] of reader.getRows()) console.log(`${String(id)} ${String(status)}`);
console.log('DONE');
