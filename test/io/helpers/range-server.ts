/**
 * A real HTTP server on 127.0.0.1 that serves the test payload with Range support and
 * injects faults on request, counting what it sees. Faults are chosen per URL through
 * the query string, and each URL counts its own requests, so tests that use distinct
 * names never disturb each other:
 *
 *   ?size=N          the object is N bytes (default 1 MiB)
 *   ?fail=503x2      the first 2 requests get 503 (any status); with &ra=S, Retry-After: S
 *   ?reset=1         the first request's socket is destroyed before any answer
 *   ?hang=1          the first request is never answered
 *   ?status=404      every request gets this status, with an S3-style XML body
 *   ?norange=1       Range is ignored: 200 with the whole body
 *   ?delay=MS        every answer waits MS milliseconds (to make concurrency visible)
 *
 * Run as a script (`node --import tsx range-server.ts`) it prints `PORT <n>` and serves
 * until its stdin closes: the bridge tests need it outside their own blocked thread.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { payloadBytes } from './payload.js';

/** What the server saw. */
export interface ServerStats {
  requests: number;
  byUrl: Record<string, number>;
  maxInFlight: number;
  /** The most requests to one URL that were open at once. */
  maxInFlightByUrl: Record<string, number>;
  /** Method, URL and headers of recent requests, oldest first. */
  log: { method: string; url: string; headers: Record<string, string | string[] | undefined> }[];
}

/** A running server. */
export interface RangeServer {
  readonly origin: string;
  stats(): ServerStats;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;

function reply(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): void {
  const size = Number(q.get('size') ?? MiB);
  const status = q.get('status');
  if (status) {
    res.writeHead(Number(status), { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0"?><Error><Code>Injected${status}</Code><Message>injected status ${status}</Message></Error>`);
    return;
  }
  const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  if (!m || q.get('norange')) {
    res.writeHead(200, { 'content-length': size, 'accept-ranges': 'bytes' });
    res.end(req.method === 'HEAD' ? undefined : payloadBytes(0, size));
    return;
  }
  const start = Number(m[1]);
  if (start >= size) {
    res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
    return;
  }
  const end = Math.min(Number(m[2]), size - 1);
  res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
  res.end(payloadBytes(start, end - start + 1));
}

/** Applies the URL's fault for its `nth` request (1-based); true when it answered or dropped the request. */
function injectFault(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, nth: number): boolean {
  const fail = /^(\d+)x(\d+)$/.exec(q.get('fail') ?? '');
  if (fail && nth <= Number(fail[2])) {
    const ra = q.get('ra');
    res.writeHead(Number(fail[1]), ra ? { 'retry-after': ra } : {}).end('injected failure');
    return true;
  }
  if (nth <= Number(q.get('reset') ?? 0)) {
    req.socket.destroy();
    return true;
  }
  return nth <= Number(q.get('hang') ?? 0);
}

/** Starts the server on 127.0.0.1, port 0. */
export async function startRangeServer(): Promise<RangeServer> {
  const stats: ServerStats = { requests: 0, byUrl: {}, maxInFlight: 0, maxInFlightByUrl: {}, log: [] };
  let inFlight = 0;
  const inFlightByUrl = new Map<string, number>();
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/__stats') return void res.end(JSON.stringify(stats));
    const nth = (stats.byUrl[url] = (stats.byUrl[url] ?? 0) + 1);
    stats.requests += 1;
    stats.log.push({ method: req.method ?? '', url, headers: req.headers });
    if (stats.log.length > 5000) stats.log.shift();
    stats.maxInFlight = Math.max(stats.maxInFlight, ++inFlight);
    const open = (inFlightByUrl.get(url) ?? 0) + 1;
    inFlightByUrl.set(url, open);
    stats.maxInFlightByUrl[url] = Math.max(stats.maxInFlightByUrl[url] ?? 0, open);
    res.on('close', () => {
      inFlight -= 1;
      inFlightByUrl.set(url, (inFlightByUrl.get(url) ?? 1) - 1);
    });
    const q = new URL(url, 'http://x').searchParams;
    if (injectFault(req, res, q, nth)) return;
    setTimeout(() => reply(req, res, q), Number(q.get('delay') ?? 0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stats: () => structuredClone(stats),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startRangeServer();
  process.stdout.write(`PORT ${new URL(server.origin).port}\n`);
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
  process.stdin.resume();
}
