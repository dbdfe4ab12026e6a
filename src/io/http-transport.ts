/**
 * HTTP(S) requests on node:http with keep-alive agents, shaped like the part of fetch's
 * Response the HTTP reader uses. fetch (undici) cost about 2.5x the CPU per response on a
 * wave of ~100 tile reads (bench profiles: 190 vs 75 ms), and a chip wave is CPU-bound on
 * this kind of machine. Bodies are read into one buffer sized from Content-Length.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { gunzipSync } from 'node:zlib';
import { hostLookup } from './host-lookup.js';

/** The response fields the reader reads. */
export interface HttpResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
  /** Drops the body without reading it (the socket is then not reused). */
  cancel(): void;
}

// one pool of sockets per protocol; the limiter above caps requests in flight anyway
const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 256 }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
};

/** Redirects followed for one request; fetch allows 20, curl 50, but a COG is rarely more than one hop away. */
export const MAX_REDIRECTS = 10;

/**
 * The body, copied once: with a Content-Length each chunk lands in one buffer of that size
 * that owns its memory (so arrayBuffer() hands it over without another copy); without one,
 * chunks are joined at the end. A body longer than announced is cut to the length.
 */
function readBody(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const length = Number(res.headers['content-length']);
    const sized = Number.isSafeInteger(length) && length >= 0 ? Buffer.allocUnsafeSlow(length) : undefined;
    const chunks: Buffer[] = [];
    let received = 0;
    res.on('data', (c: Buffer) => {
      if (sized) sized.set(c.subarray(0, Math.max(0, length - received)), received);
      else chunks.push(c);
      received += c.length;
    });
    let ended = false;
    res.once('error', reject);
    // a socket closed or aborted mid-body: never leave the read waiting (resolve/reject settle once)
    res.once('close', () => ended || reject(new Error('the connection closed before the response ended')));
    res.once('end', () => {
      ended = true;
      if (sized && received < length) reject(new Error(`the response ended after ${received} of ${length} bytes`));
      else resolve(sized ?? (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    });
  });
}

/** The bytes as an ArrayBuffer of their own: the body's when it owns one exactly, else a copy. */
function ownBuffer(b: Buffer): ArrayBuffer {
  const whole = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer;
  return whole ? (b.buffer as ArrayBuffer) : (b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
}

function wrap(res: IncomingMessage): HttpResponse {
  const status = res.statusCode ?? 0;
  let body: Promise<Buffer> | undefined;
  const bytes = () => (body ??= readBody(res));
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: { get: (name) => { const v = res.headers[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v; } },
    arrayBuffer: async () => ownBuffer(await bytes()),
    // gunzipSync, not the async zlib: this runs in the bridge worker, which must not use libuv's pool
    text: async () => (res.headers['content-encoding'] === 'gzip' ? gunzipSync(await bytes()) : await bytes()).toString('utf8'),
    cancel: () => res.destroy(),
  };
}

function once(url: URL, method: string, headers: Record<string, string>, signal?: AbortSignal, body?: string): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
  return new Promise((resolve, reject) => {
    // hostLookup, not dns.lookup: the worker must not wait for libuv's pool (host-lookup.ts)
    const req = send(url, { method, headers, agent, signal, lookup: hostLookup }, resolve);
    req.once('error', reject);
    req.end(body);
  });
}

/** A redirect chain that loops or runs past {@link MAX_REDIRECTS}; `chain` lists every URL in order. */
export class RedirectError extends Error {
  constructor(readonly chain: readonly URL[], readonly loop: boolean) {
    super(loop ? 'redirect loop' : `more than ${MAX_REDIRECTS} redirects`);
  }
}

/**
 * Sends a request (with `body`, if given) and follows redirects (301, 302, 303, 307, 308),
 * as fetch's redirect: 'follow' does, up to {@link MAX_REDIRECTS}, turning a POST into a GET
 * without body on 301, 302 and 303 as fetch does. Rejects with the socket error on a network
 * failure or abort, and with a RedirectError when the chain loops or runs too long.
 */
export async function httpSend(url: URL, method: string, headers: Record<string, string>, signal?: AbortSignal, body?: string): Promise<HttpResponse> {
  const chain = [url];
  let target = url;
  let sent = headers;
  let verb = method;
  let payload = body;
  for (;;) {
    const res = await once(target, verb, sent, signal, payload);
    const location = res.headers.location;
    if (!location || ![301, 302, 303, 307, 308].includes(res.statusCode ?? 0)) return wrap(res);
    res.resume(); // drain, so the socket goes back to the pool
    const next = new URL(location, target);
    const loop = chain.some((u) => u.href === next.href);
    chain.push(next);
    if (loop || chain.length > MAX_REDIRECTS + 1) throw new RedirectError(chain, loop);
    // as fetch does: credentials never follow a redirect to another origin
    if (next.origin !== target.origin) sent = Object.fromEntries(Object.entries(sent).filter(([k]) => k.toLowerCase() !== 'authorization'));
    if (res.statusCode === 303 || (verb === 'POST' && (res.statusCode === 301 || res.statusCode === 302))) {
      verb = 'GET';
      payload = undefined;
      sent = Object.fromEntries(Object.entries(sent).filter(([k]) => !['content-type', 'content-length'].includes(k.toLowerCase())));
    }
    target = next;
  }
}
