/**
 * A file server for failure tests, run as a child process (tests block their own main
 * thread in runSync, so a server there could never answer). Serves a folder with Range
 * support and injects faults set through POST /__faults (JSON):
 *   { "status": { "name.tif": 404 } }            every request for that path gets the status
 *   { "failFirst": { "name.tif": 2 } }           the first N requests for that path get 503
 *   { "resetAfter": K }                          after K successful requests, every socket is destroyed
 * GET /__stats returns { requests, byPath }. Prints `PORT <n>` and serves until stdin closes.
 */
import { promises as fs } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseRange } from '../../src/io/file-server.js';

interface Faults {
  status?: Record<string, number>;
  failFirst?: Record<string, number>;
  resetAfter?: number;
}

const root = process.argv[2];
let faults: Faults = {};
let served = 0;
/** Requests per path since the faults were last set: failFirst counts from there. */
let sinceFaults: Record<string, number> = {};
const stats = { requests: 0, byPath: {} as Record<string, number> };

async function body(req: import('node:http').IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

const server = createServer(async (req, res) => {
  const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1);
  if (name === '__faults') {
    faults = JSON.parse(await body(req)) as Faults;
    served = 0;
    sinceFaults = {};
    return void res.writeHead(204).end();
  }
  if (name === '__stats') return void res.writeHead(200).end(JSON.stringify(stats));
  stats.requests++;
  stats.byPath[name] = (stats.byPath[name] ?? 0) + 1;
  const seen = (sinceFaults[name] = (sinceFaults[name] ?? 0) + 1);
  if (faults.resetAfter !== undefined && served >= faults.resetAfter) return void req.socket.destroy();
  if (faults.status?.[name]) return void res.writeHead(faults.status[name]).end('injected');
  if (seen <= (faults.failFirst?.[name] ?? 0)) return void res.writeHead(503).end('injected');
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(root, name));
  } catch {
    return void res.writeHead(404).end('not found');
  }
  served++;
  const range = req.headers.range ? parseRange(req.headers.range, bytes.length) : 'whole';
  if (range === null) return void res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
  if (range === 'whole') return void res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
  res.writeHead(206, { 'content-range': `bytes ${range.start}-${range.end}/${bytes.length}`, 'content-length': range.end - range.start + 1 });
  res.end(bytes.subarray(range.start, range.end + 1));
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
