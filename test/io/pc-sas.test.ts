/**
 * Planetary Computer signing against a local fake of its SAS token endpoint: one token per
 * collection, cached until shortly before it expires, the subscription key sent, and hrefs
 * signed only on Azure blob hosts.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { setTextRetryPolicy } from '../../src/io/text-fetch.js';
import { PlanetaryComputerTokens, signHref } from '../../src/io/pc-sas.js';

let server: Server;
let endpoint: string;
let seen: { path: string; headers: IncomingHttpHeaders }[] = [];
let expiry = '2030-01-01T00:00:00Z';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    if (req.url?.endsWith('/broken')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"nope": 1}');
    const collection = req.url?.split('/').pop();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ 'msft:expiry': expiry, token: `sv=2024&se=x&sr=c&sig=${collection}-${seen.length}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/sas/v1/token`;
  setTextRetryPolicy({ maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, timeoutMs: 5000 });
});
afterAll(() => server.close());
beforeEach(() => {
  seen = [];
  expiry = '2030-01-01T00:00:00Z';
});

describe('PlanetaryComputerTokens', () => {
  it('fetches one token per collection and reuses it', async () => {
    const tokens = new PlanetaryComputerTokens(endpoint, 'my-key');
    const [a, b, c] = await Promise.all([tokens.token('sentinel-2-l2a'), tokens.token('sentinel-2-l2a'), tokens.token('naip')]);
    expect(a.token).toBe(b.token);
    expect(c.token).toMatch(/sig=naip-/);
    expect(seen.map((s) => s.path).sort()).toEqual(['/api/sas/v1/token/naip', '/api/sas/v1/token/sentinel-2-l2a']);
    expect(seen[0].headers['ocp-apim-subscription-key']).toBe('my-key');
    expect(a.expiresAt).toBe(Date.parse('2030-01-01T00:00:00Z'));
  });

  it('fetches a new token when the cached one is about to expire', async () => {
    let now = Date.parse('2029-12-31T23:00:00Z');
    const tokens = new PlanetaryComputerTokens(endpoint, undefined, () => now);
    const first = await tokens.token('nasadem');
    await tokens.token('nasadem');
    expect(seen.length).toBe(1);
    now = Date.parse('2029-12-31T23:56:00Z'); // within 5 minutes of expiry
    const renewed = await tokens.token('nasadem');
    expect(seen.length).toBe(2);
    expect(renewed.token).not.toBe(first.token);
    expect(seen[0].headers['ocp-apim-subscription-key']).toBeUndefined();
  });

  it('names the endpoint when the answer has no token', async () => {
    const error = await new PlanetaryComputerTokens(endpoint).token('broken').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toContain(`${endpoint}/broken`);
  });
});

describe('signHref', () => {
  const token = 'sv=2024&sig=abc%2B';
  it('appends the token to Azure blob hrefs only', () => {
    const blob = 'https://sentinel2l2a01.blob.core.windows.net/sentinel2-l2/10/S/EG/2024/B04.tif';
    expect(signHref(blob, token)).toBe(`${blob}?${token}`);
    expect(signHref(`${blob}?foo=1`, token)).toBe(`${blob}?foo=1&${token}`);
    expect(signHref(`${blob}?${token}`, 'sv=other&sig=x')).toBe(`${blob}?${token}`);
    expect(signHref('https://sentinel-cogs.s3.us-west-2.amazonaws.com/B04.tif', token)).toBe('https://sentinel-cogs.s3.us-west-2.amazonaws.com/B04.tif');
    expect(signHref('relative/B04.tif', token)).toBe('relative/B04.tif');
  });
});
