/**
 * Child process for test/io/io-workers.test.ts: runs one SQL statement in a fresh process
 * (so RASTERDUCK_IO_WORKERS applies to the bridge it starts) and prints its rows and every
 * I/O worker's request count as JSON.
 * Usage: RASTERDUCK_IO_WORKERS=N node --import tsx io-workers-child.ts SQL
 */
import { connect } from '../../../src/index.js';
import type { IoStats } from '../../../src/io/counted.js';
import { runSyncAll } from '../../../src/bridge/sync-bridge.js';

const con = await connect();
const rows = (await con.runAndReadAll(process.argv[2])).getRowObjectsJson();
const perWorker = runSyncAll<IoStats>('ioStats', null).map((s) => s.requests);
const total = Number((await con.runAndReadAll("SELECT requests FROM rasterduck_io_stats() WHERE scheme = 'total'")).getRowObjectsJson()[0]?.requests);
process.stdout.write(`${JSON.stringify({ rows, perWorker, total })}\n`);
