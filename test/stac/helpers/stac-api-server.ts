/**
 * A STAC API for tests, run as a child process (stac-server-process.ts) because the tests'
 * own thread blocks in runSync. It serves the same items under three APIs whose paging
 * differs, COGs with Range support, a static ItemCollection and a fake SAS token endpoint:
 *
 *   /earth/v1   stac-server style: counts; POST next links {"next": token} with merge: true
 *   /pc/v1      pgstac style: no counts; POST next links repeat the body plus {"token"}, merge: false
 *   /getonly/v1 answers POST /search with 405; GET next links carry ?token=
 *   each: /, /conformance, /collections, /collections/{id}, /collections/{id}/items, GET+POST /search
 *   /cogs/<collection>/<item>/<asset>.tif   the fixture COG of that asset kind (206, 416, HEAD)
 *   /static/items.json, /static/items-2.json   an ItemCollection in two linked pages
 *   /api/sas/v1/token/<collection>            {"token", "msft:expiry"}
 *   GET /__stats, POST /__reset, POST /__faults {search503, malformedPaged, badItem, missingCogs}
 *
 * usage: node --import tsx stac-api-server.ts COG_DIR ITEMS PAGE_SIZE [DELAY_MS]; prints "PORT n".
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BadRequest, evaluate, type Params } from './search-eval.js';
import { makeItems, type TestItem } from './test-items.js';

const [cogDir, itemCount, pageSize, delayMs] = [process.argv[2], Number(process.argv[3] ?? 100), Number(process.argv[4] ?? 7), Number(process.argv[5] ?? 0)];
const COLLECTIONS: Record<string, TestItem[]> = { 'sentinel-2-l2a': makeItems('sentinel-2-l2a', itemCount), 'sentinel-2-c1-l2a': makeItems('sentinel-2-c1-l2a', 12) };
const ALL = Object.values(COLLECTIONS).flat();
const FILES: Record<string, Buffer> = Object.fromEntries(['red', 'nir', 'scl'].map((a) => [a, readFileSync(join(cogDir, `${a}.tif`))]));
const APIS: Record<string, 'earth' | 'pc' | 'getonly'> = { '/earth/v1': 'earth', '/pc/v1': 'pc', '/getonly/v1': 'getonly' };

interface Faults { search503: number; malformedPaged: boolean; badItem?: string; missingCogs: string[] }
let faults: Faults = { search503: 0, malformedPaged: false, missingCogs: [] };
let stats = freshStats();
function freshStats() {
  return { requests: 0, bytes: 0, search: 0, searchPost: 0, searchGet: 0, cogGet: 0, cogHead: 0, cog404: 0, cogSigned: 0, tokens: 0, cogPaths: {} as Record<string, number> };
}
let base = '';

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  stats.bytes += Buffer.byteLength(text);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) }).end(text);
}

function served(item: TestItem, prefix: string): TestItem {
  const out = structuredClone(item);
  for (const a of Object.values(out.assets)) a.href = base + String(a.href);
  out.links = [{ rel: 'self', href: `${base}${prefix}/collections/${item.collection}/items/${item.id}` }];
  if (item.id === faults.badItem) out.geometry = 'oops';
  return out;
}

/** GET parameters in POST-body form. */
function fromQuery(q: URLSearchParams): Params {
  const p: Params = {};
  for (const [k, v] of q) {
    if (k === 'collections' || k === 'ids') p[k] = v.split(',');
    else if (k === 'bbox') p[k] = v.split(',').map(Number);
    else if (k === 'intersects' || k === 'query' || k === 'filter') p[k] = JSON.parse(v);
    else if (k === 'sortby') p[k] = v.split(',').map((f) => ({ field: f.replace(/^[+-]/, ''), direction: f.startsWith('-') ? 'desc' : 'asc' }));
    else p[k] = v;
  }
  return p;
}

function search(res: ServerResponse, prefix: string, kind: string, method: 'GET' | 'POST', p: Params, pagePath: string): void {
  stats.search += 1;
  stats[method === 'POST' ? 'searchPost' : 'searchGet'] += 1;
  if (faults.search503 > 0) {
    faults.search503 -= 1;
    return send(res, 503, { code: 'ServiceUnavailable', description: 'injected 503' });
  }
  const token = (p.next ?? p.token) as string | undefined;
  if (token && faults.malformedPaged) return send(res, 200, '{"type": "FeatureCollection", "features": [', 'application/geo+json');
  const all = evaluate(ALL, p);
  const start = token ? Number(String(token).split(':').pop()) : 0;
  const limit = Math.min(Number(p.limit ?? 10), pageSize);
  const page = all.slice(start, start + limit);
  const nextToken = start + limit < all.length ? `${kind === 'earth' ? 'n' : 'next'}:${start + limit}` : undefined;
  const links: unknown[] = [{ rel: 'root', href: base + prefix }];
  if (nextToken && method === 'POST' && kind === 'earth') links.push({ rel: 'next', method: 'POST', href: `${base}${prefix}/search`, body: { next: nextToken }, merge: true });
  else if (nextToken && method === 'POST') links.push({ rel: 'next', method: 'POST', href: `${base}${prefix}/search`, body: { ...p, token: nextToken }, merge: false });
  else if (nextToken) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(p)) if (k !== 'token' && k !== 'next' && v !== undefined) q.set(k, typeof v === 'object' ? toGetValue(k, v) : String(v));
    q.set(kind === 'earth' ? 'next' : 'token', nextToken);
    links.push({ rel: 'next', method: 'GET', href: `${base}${pagePath}?${q}` });
  }
  const counts = kind === 'earth' ? { numberMatched: all.length, numberReturned: page.length, context: { matched: all.length, returned: page.length, limit } } : {};
  send(res, 200, { type: 'FeatureCollection', ...counts, features: page.map((i) => served(i, prefix)), links }, 'application/geo+json');
}

function toGetValue(k: string, v: unknown): string {
  if (k === 'sortby') return (v as { field: string; direction: string }[]).map((s) => (s.direction === 'desc' ? '-' : '') + s.field).join(',');
  return Array.isArray(v) && v.every((x) => typeof x !== 'object') ? v.join(',') : JSON.stringify(v);
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function cog(req: IncomingMessage, res: ServerResponse, path: string, signed: boolean): void {
  const [, , item, file] = path.split('/').slice(1);
  const data = FILES[file?.replace(/\.tif$/, '') ?? ''];
  stats.cogPaths[path] = (stats.cogPaths[path] ?? 0) + 1;
  if (signed) stats.cogSigned += 1;
  if (!data || faults.missingCogs.includes(item)) {
    stats.cog404 += 1;
    return send(res, 404, '<Error><Code>NoSuchKey</Code></Error>', 'application/xml');
  }
  if (req.method === 'HEAD') {
    stats.cogHead += 1;
    return void res.writeHead(200, { 'content-length': data.length, 'accept-ranges': 'bytes' }).end();
  }
  stats.cogGet += 1;
  const m = /^bytes=(\d+)-(\d+)?$/.exec(req.headers.range ?? '');
  if (!m) {
    stats.bytes += data.length;
    return void res.writeHead(200, { 'content-length': data.length }).end(data);
  }
  const start = Number(m[1]);
  if (start >= data.length) return void res.writeHead(416, { 'content-range': `bytes */${data.length}` }).end();
  const end = Math.min(Number(m[2] ?? data.length - 1), data.length - 1);
  stats.bytes += end - start + 1;
  res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${data.length}`, 'content-length': end - start + 1 }).end(data.subarray(start, end + 1));
}

function staticPage(res: ServerResponse, n: number): void {
  const items = COLLECTIONS['sentinel-2-c1-l2a'];
  const page = n === 1 ? items.slice(0, 7) : items.slice(7);
  const links = n === 1 ? [{ rel: 'next', href: 'items-2.json' }] : [];
  send(res, 200, { type: 'FeatureCollection', features: page.map((i) => served(i, '/earth/v1')), links });
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', base);
  const path = decodeURIComponent(url.pathname);
  if (path === '/__stats') return send(res, 200, stats);
  if (path === '/__reset') { stats = freshStats(); faults = { search503: 0, malformedPaged: false, missingCogs: [] }; return send(res, 200, {}); }
  if (path === '/__faults') { faults = { ...faults, ...JSON.parse(await body(req)) }; return send(res, 200, faults); }
  stats.requests += 1;
  if (path.startsWith('/cogs/')) return cog(req, res, path, url.searchParams.has('sig'));
  if (path === '/static/items.json' || path === '/static/items-2.json') return staticPage(res, path.endsWith('-2.json') ? 2 : 1);
  if (path.startsWith('/api/sas/v1/token/')) {
    stats.tokens += 1;
    return send(res, 200, { token: 'sv=2024&sig=fake%2Bsig', 'msft:expiry': new Date(Date.now() + 3600_000).toISOString() });
  }
  const prefix = Object.keys(APIS).find((p) => path === p || path.startsWith(`${p}/`));
  if (!prefix) return send(res, 404, { code: 'NotFound', description: `no such path ${path}` });
  return api(req, res, prefix, path.slice(prefix.length).replace(/\/$/, ''), url.searchParams);
}

async function api(req: IncomingMessage, res: ServerResponse, prefix: string, sub: string, q: URLSearchParams): Promise<void> {
  const kind = APIS[prefix];
  const link = (rel: string, href: string) => ({ rel, href: base + prefix + href });
  if (sub === '/search' && req.method === 'POST') {
    if (kind === 'getonly') return send(res, 405, { code: 'MethodNotAllowed', description: 'use GET' });
    return search(res, prefix, kind, 'POST', JSON.parse((await body(req)) || '{}') as Params, `${prefix}/search`);
  }
  if (sub === '/search') return search(res, prefix, kind, 'GET', fromQuery(q), `${prefix}/search`);
  if (sub === '') return send(res, 200, { type: 'Catalog', id: kind, stac_version: '1.0.0', description: 'test API', links: [link('self', ''), link('search', '/search'), link('data', '/collections')] });
  if (sub === '/conformance') return send(res, 200, { conformsTo: ['https://api.stacspec.org/v1.0.0/core', 'https://api.stacspec.org/v1.0.0/item-search'] });
  if (sub === '/collections') return send(res, 200, { collections: Object.keys(COLLECTIONS).map((id) => ({ type: 'Collection', id, links: [link('items', `/collections/${id}/items`)] })), links: [] });
  const m = /^\/collections\/([^/]+)(\/items)?$/.exec(sub);
  if (!m || !COLLECTIONS[m[1]]) return send(res, 404, { code: 'NotFound', description: `no such path ${sub}` });
  if (!m[2]) return send(res, 200, { type: 'Collection', id: m[1], stac_version: '1.0.0', license: 'other', extent: {}, links: [link('items', `/collections/${m[1]}/items`)] });
  return search(res, prefix, kind, 'GET', { ...fromQuery(q), collections: [m[1]] }, `${prefix}/collections/${m[1]}/items`);
}

const server = createServer((req, res) => {
  setTimeout(() => route(req, res).catch((e: unknown) => send(res, e instanceof BadRequest ? 400 : 500, { code: 'Error', description: String(e) })), delayMs);
});
// longer than any pause between a test's requests, so a client never reuses a socket the server just closed
server.keepAliveTimeout = 120_000;
server.listen(0, '127.0.0.1', () => {
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
