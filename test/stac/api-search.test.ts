/**
 * searchApi against a real local STAC API (a child process): both paging styles and the
 * GET fallback, max_items, retries of transient failures, and clear errors for broken
 * pages and items. Expected ids come from the test items, not from the code under test.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FetchError, FormatError } from '../../src/errors.js';
import { searchApi } from '../../src/stac/api-search.js';
import { setTextRetryPolicy } from '../../src/io/text-fetch.js';
import { datetimeInterval } from '../../src/stac/search-request.js';
import { startStacServer, type StacServer } from './helpers/stac-server-process.js';
import { itemDatetime, makeItems } from './helpers/test-items.js';

const COLLECTION = 'sentinel-2-l2a';
const N = 100;
const PAGE = 7;
let server: StacServer;

/** The API's order: datetime descending (the test items' datetimes are distinct). */
function expectedIds(keep: (i: number) => boolean = () => true): string[] {
  return makeItems(COLLECTION, N)
    .map((item, i) => ({ item, i }))
    .filter(({ i }) => keep(i))
    .sort((a, b) => Date.parse(itemDatetime(b.i)) - Date.parse(itemDatetime(a.i)))
    .map(({ item }) => item.id);
}

beforeAll(async () => {
  server = await startStacServer({ items: N, pageSize: PAGE });
  setTextRetryPolicy({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 10_000 });
});
afterAll(() => server?.close());
beforeEach(() => server.reset());

describe('searchApi paging', () => {
  it.each(['earth', 'pc'])('follows every next link of the %s-style API (POST bodies)', async (api) => {
    const result = await searchApi(`${server.origin}/${api}/v1`, { collections: [COLLECTION], limit: 250 });
    expect(result.items.map((i) => i.id)).toEqual(expectedIds());
    const stats = await server.stats();
    expect(stats.searchPost).toBe(Math.ceil(N / PAGE));
    expect(result.pages).toBe(Math.ceil(N / PAGE));
  });

  it('falls back to GET when POST /search answers 405, and follows GET next links', async () => {
    const result = await searchApi(`${server.origin}/getonly/v1`, { collections: [COLLECTION], limit: 250 });
    expect(result.items.map((i) => i.id)).toEqual(expectedIds());
    expect((await server.stats()).searchGet).toBe(Math.ceil(N / PAGE));
  });

  it('keeps the first max_items in API order and stops fetching pages', async () => {
    const result = await searchApi(`${server.origin}/earth/v1`, { collections: [COLLECTION], limit: 9 }, 9);
    expect(result.items.map((i) => i.id)).toEqual(expectedIds().slice(0, 9));
    expect((await server.stats()).search).toBe(2);
  });

  it('sends date-only ends as whole days (items late on the end date are kept)', async () => {
    // passes every 6 h from 2024-01-01T17:53: items 0..5 fall on Jan 1 and 2, item 5 at 23:53 on the 2nd
    const datetime = datetimeInterval(['2024-01-01', '2024-01-02']);
    const result = await searchApi(`${server.origin}/pc/v1`, { collections: [COLLECTION], datetime, limit: 100 });
    const inRange = (i: number) => itemDatetime(i) < '2024-01-03';
    expect(result.items.map((i) => i.id)).toEqual(expectedIds(inRange));
    expect(result.items.length).toBe(6);
    expect(itemDatetime(5)).toMatch(/^2024-01-02T23:53/);
    expect(result.items.map((i) => i.id)).toContain(makeItems(COLLECTION, 6)[5].id);
  });

  it('passes query, ids and intersects through', async () => {
    const body = { collections: [COLLECTION], query: { 'eo:cloud_cover': { lt: 20 } }, limit: 100 };
    const lowCloud = await searchApi(`${server.origin}/earth/v1`, body);
    expect(lowCloud.items.length).toBeGreaterThan(0);
    expect(lowCloud.items.every((i) => (i.properties['eo:cloud_cover'] as number) < 20)).toBe(true);
    const ids = expectedIds().slice(3, 6);
    const byId = await searchApi(`${server.origin}/earth/v1`, { collections: [COLLECTION], ids: [...ids, 'no-such-item'], limit: 100 });
    expect(byId.items.map((i) => i.id).sort()).toEqual([...ids].sort());
  });
});

describe('searchApi failures', () => {
  it('retries transient 503s and loses nothing', async () => {
    await server.faults({ search503: 2 });
    const result = await searchApi(`${server.origin}/earth/v1`, { collections: [COLLECTION], limit: 250 });
    expect(result.items.map((i) => i.id)).toEqual(expectedIds());
    expect((await server.stats()).search).toBe(Math.ceil(N / PAGE) + 2);
  });

  it('gives up after the retries with an error naming the URL and the status', async () => {
    await server.faults({ search503: 99 });
    const error = await searchApi(`${server.origin}/earth/v1`, { collections: [COLLECTION], limit: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toContain(`${server.origin}/earth/v1/search`);
    expect((error as Error).message).toMatch(/503/);
  });

  it('names the page that is not JSON', async () => {
    await server.faults({ malformedPaged: true });
    const error = await searchApi(`${server.origin}/pc/v1`, { collections: [COLLECTION], limit: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toMatch(/search page 2 is not valid JSON/);
    expect((error as Error).message).toContain(`${server.origin}/pc/v1/search`);
  });

  it('names the item that is not valid STAC', async () => {
    const bad = expectedIds()[10];
    await server.faults({ badItem: bad });
    const error = await searchApi(`${server.origin}/earth/v1`, { collections: [COLLECTION], limit: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toContain(`item '${bad}' of search page 2`);
    expect((error as Error).message).toMatch(/geometry/);
  });

  it('names the API root that is not one', async () => {
    const error = await searchApi(`${server.origin}/nothing/v1`, { limit: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toMatch(/HTTP 404.*nothing\/v1\/search|nothing\/v1\/search.*HTTP 404/);
  });
});
