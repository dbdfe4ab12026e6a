/**
 * A file server that misbehaves on request, run as a child process (SQL tests block their
 * own main thread in DuckDB's callbacks, so a server there could never answer). Serves the
 * folder given as argv[2] with Range support, an ETag ("size-mtime", as nginx) and
 * Last-Modified, and honours If-Match (412). Faults come from the query string, and each
 * URL (path and query) counts its own requests:
 *
 *   ?status=N&ra=S   every request gets status N (with Retry-After: S)
 *   ?short=N         a 206 carries only the first N bytes of the range its Content-Range announces
 *   ?norange=1       Range is ignored: 200 with the whole file
 *   ?stall=1         the connection is accepted and never answered
 *   ?loop=a          302 to ?loop=b, which redirects back to ?loop=a
 *   ?hops=N          302 to ?hops=N-1, ..., ?hops=0 serves the file
 *   ?etag=0          no ETag (Last-Modified only); ?validators=0: neither
 *   &times=K         status, short and stall apply to the URL's first K requests only
 *
 * GET /__stats returns { byUrl, log } (log: method, url, if-match, range of each request).
 * Prints `PORT <n>` and serves until its stdin closes.
 */
import { promises as fs } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseRange } from '../../../src/io/file-server.js';

const root = process.argv[2];
const byUrl: Record<string, number> = {};
const log: { method: string; url: string; ifMatch?: string; range?: string }[] = [];

const server = createServer(async (req, res) => {
  const url = req.url ?? '/';
  const u = new URL(url, 'http://x');
  if (u.pathname === '/__stats') return void res.end(JSON.stringify({ byUrl, log }));
  byUrl[url] = (byUrl[url] ?? 0) + 1;
  log.push({ method: req.method ?? '', url, ifMatch: req.headers['if-match'], range: req.headers.range });
  const q = u.searchParams;
  const faulty = byUrl[url] <= Number(q.get('times') ?? Infinity);
  if (faulty && q.get('stall')) return; // never answered: the client's timers must end it
  const status = q.get('status');
  if (faulty && status) return void res.writeHead(Number(status), q.get('ra') ? { 'retry-after': q.get('ra')! } : {}).end(`injected ${status}`);
  const redirect = (to: string) => void res.writeHead(302, { location: `${u.pathname}?${to}` }).end();
  if (q.get('loop')) return redirect(`loop=${q.get('loop') === 'a' ? 'b' : 'a'}`);
  if (Number(q.get('hops') ?? 0) > 0) return redirect(`hops=${Number(q.get('hops')) - 1}`);
  let bytes: Buffer;
  let mtime: Date;
  try {
    const file = path.join(root, decodeURIComponent(u.pathname));
    [bytes, mtime] = [await fs.readFile(file), (await fs.stat(file)).mtime];
  } catch {
    return void res.writeHead(404).end('not found');
  }
  const etag = `"${bytes.length.toString(16)}-${mtime.getTime().toString(16)}"`;
  const headers: Record<string, string | number> = { 'accept-ranges': 'bytes' };
  if (q.get('validators') !== '0') {
    headers['last-modified'] = mtime.toUTCString();
    if (q.get('etag') !== '0') headers.etag = etag;
  }
  const ifMatch = req.headers['if-match'];
  if (ifMatch && headers.etag && ifMatch !== etag) return void res.writeHead(412, headers).end();
  const range = req.headers.range && !q.get('norange') ? parseRange(req.headers.range, bytes.length) : 'whole';
  if (range === null) return void res.writeHead(416, { ...headers, 'content-range': `bytes */${bytes.length}` }).end();
  if (range === 'whole') return void res.writeHead(200, { ...headers, 'content-length': bytes.length }).end(req.method === 'HEAD' ? undefined : bytes);
  let body = bytes.subarray(range.start, range.end + 1);
  if (faulty && q.get('short')) body = body.subarray(0, Number(q.get('short')));
  res.writeHead(206, { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${bytes.length}`, 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
