/**
 * Planetary Computer blobs signed at read time, against a local fake of the token endpoint
 * and of a blob store that answers 403 without a valid signature: an unsigned href is read
 * through a token for its account and container (one token for many files), an expired
 * signature is replaced, a container the endpoint has no token for is read as it is, and
 * hosts that are not blob hosts are never signed.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/errors.js';
import { PlanetaryComputerTokens } from '../../src/io/pc-sas.js';
import { pcSigningFromEnv, PcSignedReader, wantsSignature, withToken, type PcSigning } from '../../src/io/pc-sas-reader.js';
import { setTextRetryPolicy } from '../../src/io/text-fetch.js';
import { fixturePath } from '../fixtures/fixtures.js';

const FILE = readFileSync(fixturePath('cog_deflate_u16_pred2_ovr_nodata0_32633.tif'));
const FUTURE = '2099-01-01T00:00:00Z';
let server: Server;
let origin = '';
let tokenRequests: string[] = [];
let blobQueries: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/api/sas/v1/token/')) {
      tokenRequests.push(url.pathname);
      if (url.pathname.endsWith('/private')) return void res.writeHead(404).end('{"detail": "no such container"}');
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ 'msft:expiry': FUTURE, token: `se=${FUTURE}&sp=rl&sv=2024&sr=c&sig=fresh%2Bsig` }));
    }
    blobQueries.push(url.search);
    const open = url.pathname.startsWith('/private/');
    if (!open && (url.searchParams.get('sig') !== 'fresh+sig' || url.searchParams.get('se') !== FUTURE)) return void res.writeHead(403).end('AuthenticationFailed');
    const [a, b] = (req.headers.range ?? 'bytes=0-').slice(6).split('-').map(Number);
    const end = Number.isNaN(b) ? FILE.length - 1 : Math.min(b, FILE.length - 1);
    res.writeHead(206, { 'content-range': `bytes ${a}-${end}/${FILE.length}`, 'content-length': end - a + 1 }).end(FILE.subarray(a, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  setTextRetryPolicy({ maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 2, timeoutMs: 5000 });
});
afterAll(() => server.close());
beforeEach(() => {
  tokenRequests = [];
  blobQueries = [];
});

const signing = (): PcSigning => ({ tokens: new PlanetaryComputerTokens(`${origin}/api/sas/v1/token`), hosts: /^127\.0\.0\.1$/ });
const head = { offset: 0, length: 16 };

describe('PcSignedReader', () => {
  it('reads an unsigned href through one token per container, and the bytes are the file', async () => {
    const s = signing();
    const [a, b] = [new PcSignedReader(`${origin}/sentinel2-l2/a/B04.tif`, s), new PcSignedReader(`${origin}/sentinel2-l2/b/B08.tif`, s)];
    const [[x], [y]] = await Promise.all([a.read([head]), b.read([{ offset: 100, length: 50 }])]);
    expect(Buffer.from(x).equals(FILE.subarray(0, 16))).toBe(true);
    expect(Buffer.from(y).equals(FILE.subarray(100, 150))).toBe(true);
    expect(tokenRequests).toEqual(['/api/sas/v1/token/127/sentinel2-l2']);
    expect(blobQueries.every((q) => q.includes('sig=fresh%2Bsig'))).toBe(true);
    expect(await a.size()).toBe(FILE.length);
  });

  it('replaces an expired signature instead of adding a second one', async () => {
    const stale = `${origin}/sentinel2-l2/a/B04.tif?st=2020-01-01T00%3A00%3A00Z&se=2020-01-01T01%3A00%3A00Z&sp=rl&sv=2020&sr=c&sig=old`;
    expect(wantsSignature(new URL(stale), /^127\.0\.0\.1$/)).toBe(true);
    const [x] = await new PcSignedReader(stale, signing()).read([head]);
    expect(x.length).toBe(16);
    const q = new URLSearchParams(blobQueries[0]);
    expect([q.getAll('sig'), q.get('st'), q.get('se')]).toEqual([['fresh+sig'], null, FUTURE]);
  });

  it('reads a container the endpoint has no token for as it is', async () => {
    const [x] = await new PcSignedReader(`${origin}/private/x.tif`, signing()).read([head]);
    expect(x.length).toBe(16);
    expect(blobQueries).toEqual(['']);
  });

  it('names the href as the user wrote it when the blob read fails', async () => {
    const s: PcSigning = { tokens: { token: async () => ({ token: 'sig=wrong', expiresAt: Date.parse(FUTURE) }) }, hosts: /^127\.0\.0\.1$/ };
    const href = `${origin}/sentinel2-l2/a/B04.tif`;
    const error = await new PcSignedReader(href, s).read([head]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).status).toBe(403);
    expect((error as Error).message).toContain(href);
    expect((error as Error).message).not.toContain('sig=wrong');
  });
});

describe('which URLs are signed', () => {
  it('signs blob hosts without a signature or with one about to expire, nothing else', () => {
    const blob = 'https://sentinel2l2a01.blob.core.windows.net/sentinel2-l2/B04.tif';
    const hosts = /\.blob\.core\.windows\.net$/i;
    expect(wantsSignature(new URL(blob), hosts)).toBe(true);
    expect(wantsSignature(new URL(`${blob}?se=${encodeURIComponent(FUTURE)}&sig=x`), hosts)).toBe(false);
    expect(wantsSignature(new URL(`${blob}?se=2030-01-01T00:02:00Z&sig=x`), hosts, Date.parse('2030-01-01T00:00:00Z'))).toBe(true);
    expect(wantsSignature(new URL('https://sentinel-cogs.s3.us-west-2.amazonaws.com/B04.tif'), hosts)).toBe(false);
    expect(withToken(new URL(`${blob}?foo=1&sig=old&se=x`), '?sv=1&sig=new')).toBe(`${blob}?foo=1&sv=1&sig=new`);
  });

  it('is on by default, off with RASTERDUCK_PC_SIGN=NO, and follows the endpoint and host settings', () => {
    expect(pcSigningFromEnv({})?.hosts.test('x.blob.core.windows.net')).toBe(true);
    expect(pcSigningFromEnv({ RASTERDUCK_PC_SIGN: 'NO' })).toBeNull();
    expect(pcSigningFromEnv({ RASTERDUCK_PC_SIGN_HOSTS: '^127\\.0\\.0\\.1$' })?.hosts.test('127.0.0.1')).toBe(true);
    expect(() => pcSigningFromEnv({ RASTERDUCK_PC_SIGN_HOSTS: '(' })).toThrow(/RASTERDUCK_PC_SIGN_HOSTS=\( is not a regular expression/);
  });
});
