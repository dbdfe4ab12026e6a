/**
 * A static file server with HTTP Range support (single ranges, 206/416, HEAD), as object
 * stores answer. The demo, the benchmarks and the tests serve generated COGs with it;
 * `delayMs` adds latency to every response to stand in for a network (the kernel here
 * has no netem). It counts requests and bytes so callers can assert them: GET /__stats
 * returns the counters, POST /__reset zeroes them.
 */
import { createReadStream, promises as fs } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';

/** Requests and bytes served since start. */
export interface ServerStats {
  requests: number;
  bytes: number;
  byPath: Record<string, number>;
  /** CPU milliseconds (user + system) this server process spent since the last reset: what serving cost on a shared machine. */
  cpuMs?: number;
}

// process.cpuUsage() at each server's last reset
const cpuSince = new WeakMap<ServerStats, NodeJS.CpuUsage>();

/** Options for a file server. */
export interface FileServerOptions {
  readonly root: string;
  readonly delayMs?: number;
}

/** Parses `bytes=a-b`, `bytes=a-` and `bytes=-n` against a file size; null when unsatisfiable. */
export function parseRange(header: string, size: number): { start: number; end: number } | null | 'whole' {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'whole';
  if (m[1] === '') {
    const n = Number(m[2]);
    return n === 0 ? null : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start >= size || end < start ? null : { start, end };
}

async function handle(opts: FileServerOptions, stats: ServerStats, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  if (urlPath === '/__stats') {
    const cpu = process.cpuUsage(cpuSince.get(stats));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...stats, cpuMs: (cpu.user + cpu.system) / 1000 }));
    return;
  }
  if (urlPath === '/__reset' && req.method === 'POST') {
    Object.assign(stats, { requests: 0, bytes: 0, byPath: {} });
    cpuSince.set(stats, process.cpuUsage());
    res.writeHead(204).end();
    return;
  }
  const file = path.join(opts.root, path.normalize(urlPath).replace(/^(\.\.[/\\])+/, ''));
  stats.requests++;
  stats.byPath[urlPath] = (stats.byPath[urlPath] ?? 0) + 1;
  if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
  let size: number;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const range = req.headers.range ? parseRange(req.headers.range, size) : 'whole';
  const headers = { 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
  if (range === null) {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
    return;
  }
  const { start, end } = range === 'whole' ? { start: 0, end: size - 1 } : range;
  const length = Math.max(0, end - start + 1);
  const status = range === 'whole' ? 200 : 206;
  const extra = status === 206 ? { 'content-range': `bytes ${start}-${end}/${size}` } : {};
  res.writeHead(status, { ...headers, ...extra, 'content-length': String(length) });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  stats.bytes += length;
  createReadStream(file, { start, end }).pipe(res);
}

/** Starts serving `root` on 127.0.0.1 at a free port. */
export async function serveFiles(opts: FileServerOptions): Promise<{ server: Server; port: number; stats: ServerStats }> {
  const stats: ServerStats = { requests: 0, bytes: 0, byPath: {} };
  cpuSince.set(stats, process.cpuUsage());
  const server = createServer((req, res) => {
    handle(opts, stats, req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, port, stats };
}
