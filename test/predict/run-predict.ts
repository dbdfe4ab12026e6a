/**
 * usage: run-predict.ts MOSAIC OUTPUT [LABELS] [BLOCK_PX] — runs predict_block (16 px
 * blocks by default, so there are many; LABELS comma-separated, default the card's) and
 * prints "<block_id> <status>" per block, then "DONE". The resume test SIGKILLs it; the
 * claim test starts two at once.
 */
import { connect } from '../../src/index.js';
import { MODEL } from './fixture.js';

const [mosaic, output, labels, blockPx = '16'] = process.argv.slice(2);
const con = await connect();
const named = labels ? `, labels := [${labels.split(',').map((l) => `'${l}'`).join(', ')}]` : '';
const reader = await con.runAndReadAll(`SELECT block_id, status FROM predict_block('${mosaic}', model := '${MODEL}', patch_size := 64,
  clip_size := 8, block_size := ${Number(blockPx)}, output := '${output}'${named})`);
for (const [id, status] of reader.getRows()) console.log(`${String(id)} ${String(status)}`);
console.log('DONE');
