/**
 * rasterduck_io_stats(): what the I/O layer has done so far in this process, per URL
 * scheme plus a 'total' row. The counters live in the I/O workers, where every read
 * runs, so they are read through the bridge and summed.
 */
import { BIGINT, BOOLEAN, VARCHAR } from '../duckdb.js';
import { sumIoStats, type IoStats } from '../io/counted.js';
import { runSyncAll } from '../bridge/sync-bridge.js';
import { table, type FunctionDef } from './define.js';

const COLUMNS = [
  { name: 'scheme', type: VARCHAR },
  { name: 'requests', type: BIGINT },
  { name: 'bytes', type: BIGINT },
  { name: 'retries', type: BIGINT },
  { name: 'errors', type: BIGINT },
];

export const IO_STATS_FUNCTIONS: readonly FunctionDef[] = [
  table<{ reset: boolean }>({
    name: 'rasterduck_io_stats',
    summary:
      "Requests, bytes, retries and failed requests made so far, per URL scheme (file, http, https, s3) and in a 'total' row. reset := true zeroes the counters after reading them.",
    params: [],
    named: { reset: BOOLEAN },
    // the set-up read the demo's files, so the file row is there beside the total
    example: { sql: "SELECT list(scheme ORDER BY scheme) FROM rasterduck_io_stats() WHERE scheme IN ('file', 'total')", expect: ['file', 'total'] },
    defaults: { reset: 'false' },
    bind: (args) => ({ columns: COLUMNS, state: { reset: args.named.reset === true } }),
    rows: ({ reset }) => {
      // every I/O worker counts its own reads
      const stats = sumIoStats(runSyncAll<IoStats>('ioStats', null));
      if (reset) runSyncAll('resetIoStats', null);
      const row = (scheme: string, c: IoStats['byScheme'][string]) => [scheme, c.requests, c.bytes, c.retries, c.errors];
      let pending = [row('total', stats), ...Object.entries(stats.byScheme).map(([s, c]) => row(s, c))];
      return (max) => pending.splice(0, max);
    },
  }),
];
