/**
 * usage: run-predict.ts MOSAIC OUTPUT — runs predict_block with 16 px blocks (so there are
 * many) and prints "<block_id> <status>" per block, then "DONE". The resume test SIGKILLs it.
 */
import { connect } from '../../src/index.js';
import { MODEL } from './fixture.js';

const [mosaic, output] = process.argv.slice(2);
const con = await connect();
const reader = await con.runAndReadAll(`SELECT block_id, status FROM predict_block('${mosaic}', model := '${MODEL}', patch_size := 64,
  clip_size := 8, block_size := 16, output := '${output}')`);
for (const [id, status] of reader.getRows()) console.log(`${String(id)} ${String(status)}`);
console.log('DONE');
