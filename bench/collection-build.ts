/**
 * collection-build: rasteret_build of N Sentinel-2-like items (every page of a STAC search,
 * then one header per COG) from the test STAC API with added latency per request, against
 * the Python way (paging the search, then rasterio.open() of each COG in a thread pool,
 * GDAL tuned for cloud reads). Cold: each side is a fresh process. Warm: a second build in
 * the same connection, headers cached. Prints time, items/s, round trips per item and bytes
 * counted at the server. Usage: tsx bench/collection-build.ts [--quick] [--items N] [--latency MS] [--runs N]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { connect } from '../src/index.js';
import { startStacServer, type StacServer } from '../test/stac/helpers/stac-server-process.js';
import { benchArgs } from './lib/args.js';
import { hasRasterio, runPythonJson, TUNED_GDAL_ENV } from './lib/gdal.js';
import { printRows, saveRows, sideBySide, type BenchRow } from './lib/report.js';
import { timedServed } from './lib/server-counts.js';

const args = benchArgs(process.argv.slice(2), { items: 1000, latency: 25, runs: 5, threads: 50 });
const items = args.quick ? Math.min(args.items, 50) : args.items;
const server: StacServer = await startStacServer({ items, pageSize: 250, delayMs: args.latency });
const api = `${server.origin}/earth/v1`;
const sql = `SELECT count(*) AS n, count(red_metadata) AS m FROM rasteret_build('${api}', collection := 'sentinel-2-l2a', bands := ['red'])`;
const cli = path.resolve('dist/cli/main.js');

type Run = Awaited<ReturnType<typeof timedServed>>;
const timed = (work: () => unknown): Promise<Run> => timedServed(server, work);

function cliBuild(): void {
  const r = spawnSync(process.execPath, [cli, '-json', '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`rasterduck failed: ${r.stderr}`);
  const [row] = JSON.parse(r.stdout) as { n: number; m: number }[];
  if (Number(row.n) !== items || Number(row.m) !== items) throw new Error(`rasterduck built ${row.n} rows, ${row.m} headers; expected ${items}`);
}

const cold: Run[] = [];
const reference: Run[] = [];
const withRasterio = hasRasterio();
for (let i = 0; i < args.runs; i++) {
  cold.push(await timed(cliBuild));
  if (withRasterio) {
    const script = path.resolve('bench/reference/stac_build.py');
    reference.push(await timed(() => runPythonJson(script, [api, 'sentinel-2-l2a', 'red', String(args.threads), '250'], TUNED_GDAL_ENV)));
  }
}

// warm: the same connection builds again; the search is repeated, the headers come from the cache
const con = await connect();
await con.run(sql);
const warm: Run[] = [];
for (let i = 0; i < args.runs; i++) warm.push(await timed(() => con.run(sql)));
con.closeSync();
server.close();

const pages = Math.ceil(items / 250);
const row = (label: string, ours: Run[], theirs?: Run[]): BenchRow => sideBySide(`${label}: ${items} items, 1 band (${args.latency} ms per request)`, ours, theirs, {
  // pages are sequential; then ceil(N / 64) rounds of header reads at 64 requests in flight
  floorMs: label === 'cold' ? (pages + Math.ceil(items / 64)) * args.latency : pages * args.latency,
});
const rows = [row('cold', cold, reference), row('warm', warm)];
printRows('collection-build: STAC search + one header per COG', rows);
for (const r of rows) {
  process.stdout.write(`${r.case.split(':')[0]}: ${(items / (r.rasterduckMs / 1000)).toFixed(0)} items/s, ${(r.requests / items).toFixed(3)} round trips per item` +
    (r.referenceMs ? `; Python ${(items / (r.referenceMs / 1000)).toFixed(0)} items/s, ${((r.referenceRequests ?? 0) / items).toFixed(3)} round trips per item` : '') + '\n');
}
saveRows('collection-build', rows, { args: { ...args, items } });
