/**
 * index-build: cog_metadata over N COG URLs behind a local HTTP server with added latency,
 * against rasterio.open() of each (thread pool, GDAL tuned for cloud reads). Cold runs:
 * each side is a fresh process. Prints time, the ratio, and requests and bytes counted at
 * the server. Usage: tsx bench/index-build.ts [--quick] [--files N] [--latency MS]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startFileServer } from '../src/io/file-server-process.js';
import { gdalCogs, manyNames } from './lib/data.js';
import { hasRasterio, runPythonJson, TUNED_GDAL_ENV } from './lib/gdal.js';
import { runCli } from './lib/cli.js';
import { printRows, saveRows, sideBySide, type BenchRow, type TimedPass } from './lib/report.js';
import { servedBy, timedServed } from './lib/server-counts.js';
import { benchArgs } from './lib/args.js';

const args = benchArgs(process.argv.slice(2), { files: 1000, latency: 25, runs: 3 });
const dir = gdalCogs('index', 10, args.quick ? 1024 : 2048);
const names = manyNames(dir, args.files);
const server = await startFileServer(dir, args.latency);
const urls = names.map((n) => `${server.url}/${n}`);
const list = path.join(dir, `urls-${args.files}.csv`);
writeFileSync(list, 'url\n' + urls.join('\n') + '\n');
writeFileSync(`${list}.txt`, urls.map((u) => `/vsicurl/${u}`).join('\n'));

const sql = `SELECT count(m.image_width) AS n, sum(len(m.tile_offsets)) AS tiles FROM (SELECT cog_metadata(url) AS m FROM read_csv('${list}'))`;

const timed = (work: () => unknown) => timedServed(server, work);
const ours: TimedPass[] = [];
const theirs: TimedPass[] = [];
for (let i = 0; i < args.runs; i++) {
  const { value: r, served } = await servedBy(server, () => runCli(sql));
  ours.push({ ms: r.ms, cpuMs: r.cpuMs, ...served });
  if (hasRasterio()) theirs.push(await timed(() => runPythonJson(path.resolve('bench/reference/open_profiles.py'), [`${list}.txt`, '32'], TUNED_GDAL_ENV).then(() => undefined)));
}
await server.stop();

const row: BenchRow = sideBySide(`cog_metadata x ${args.files} (cold process, ${args.latency} ms latency)`, ours, theirs, {
  // 64 requests in flight: ceil(N / 64) round trips of the latency, at the least
  floorMs: Math.ceil(args.files / 64) * args.latency,
});
printRows('index-build: one header read per COG', [row]);
process.stdout.write(`requests per file: rasterduck ${(row.requests / args.files).toFixed(2)}, rasterio ${row.referenceRequests ? (row.referenceRequests / args.files).toFixed(2) : '-'}\n`);
saveRows('index-build', [row], { args });
