/**
 * Servers that fail, stall, lie or loop, met through SQL (connect()), with the number of
 * requests each call really makes counted at a real fault server (fault-server.ts).
 * DuckDB evaluates a constant call more than once; the counts must not multiply.
 */
process.env.RASTERDUCK_MAX_ATTEMPTS = '3';
process.env.RASTERDUCK_RETRY_BASE_MS = '1';
process.env.RASTERDUCK_TIMEOUT_MS = '400';
process.env.RASTERDUCK_DEADLINE_MS = '1000';

import { copyFileSync, mkdtempSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { FAILURE_MEMO_MS } from '../../src/io/failure-memo.js';
import { fixturePath } from '../fixtures/fixtures.js';
import { startFaultServer, type FaultServer } from './helpers/fault-server-process.js';

const COG = 'cog_deflate_u16_pred2_ovr_nodata0_32633.tif'; // 243,019 bytes, header in its first 32 KiB
const OTHER = 'packbits_i16_rgb_band_nodata-9999_3035.tif';
let dir: string;
let server: FaultServer;
let con: DuckDBConnection;

const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS();
const failure = (sql: string): Promise<string> => rows(sql).then(() => 'no error', (e: Error) => e.message);
const metadataOf = (u: string) => `SELECT cog_metadata('${u}') AS m`;
/** A copy of fixture `name` in the served folder as `as`. */
const serve = (name: string, as: string = name): string => {
  copyFileSync(fixturePath(name), path.join(dir, as));
  return as;
};

/** A 30x20 px box inside the COG, in its CRS (as read_chip.test.ts draws it). */
async function box(): Promise<string> {
  const [m] = await rows(metadataOf(fixturePath(COG)));
  const t = (m.m as { transform: number[] }).transform;
  const [x0, y0] = [t[1] + t[0] * 100.31, t[3] + t[2] * 120.27];
  const [x1, y1] = [x0 + t[0] * 30, y0 + t[2] * 20];
  return `POLYGON ((${x0} ${y0}, ${x1} ${y0}, ${x1} ${y1}, ${x0} ${y1}, ${x0} ${y0}))`;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-faults-'));
  serve(COG);
  server = await startFaultServer(dir);
  con = await connect();
});

afterAll(() => server?.close());

describe('retries count per request, not per evaluation', () => {
  it('a constant call to a 500 makes exactly RASTERDUCK_MAX_ATTEMPTS requests, as its message says', async () => {
    const p = `/${COG}?status=500&t=const`;
    const msg = await failure(metadataOf(server.origin + p));
    expect(msg).toMatch(/cog_metadata: .*gave up after 3 attempts \(the limit, RASTERDUCK_MAX_ATTEMPTS=3\); the last failed with HTTP 500/);
    expect(await server.seen(p)).toBe(3);
  });

  it('a per-row call to a 500 makes exactly RASTERDUCK_MAX_ATTEMPTS requests', async () => {
    const p = `/${COG}?status=500&t=row`;
    const msg = await failure(`SELECT cog_metadata(u) FROM (VALUES ('${server.origin}${p}')) t(u)`);
    expect(msg).toMatch(/gave up after 3 attempts/);
    expect(await server.seen(p)).toBe(3);
  });

  it('a constant call to a 404 makes one request, and TRY gives NULL without another', async () => {
    const p = `/${COG}?status=404`;
    expect(await failure(metadataOf(server.origin + p))).toMatch(/HTTP 404 Not Found.*Check the URL/);
    const [r] = await rows(`SELECT TRY(cog_metadata('${server.origin}${p}')) IS NULL AS gone`);
    expect(r.gone).toBe(true);
    expect(await server.seen(p)).toBe(1);
  });

  it('a Retry-After longer than rasterduck waits ends the retries at once, saying so', async () => {
    const p = `/${COG}?status=503&ra=3600`;
    const msg = await failure(metadataOf(server.origin + p));
    expect(msg).toMatch(/gave up after 1 attempt: the server asked to wait 3600 s \(Retry-After\), longer than the 20 s rasterduck waits/);
    expect(await server.seen(p)).toBe(1);
  });

  it('recovers from two 500s within the schedule', async () => {
    const p = `/${COG}?status=500&times=2`;
    const [r] = await rows(`SELECT cog_metadata('${server.origin}${p}').image_width AS w`);
    expect(r.w).toBeGreaterThan(0);
    expect(await server.seen(p)).toBe(3);
  });
});

describe('a server that accepts the connection and never answers', () => {
  it('fails at the total deadline, naming it and what to check, and a re-evaluation sends nothing more', async () => {
    const p = `/${COG}?stall=1`;
    const msg = await failure(metadataOf(server.origin + p));
    expect(msg).toMatch(/total deadline per request \(RASTERDUCK_DEADLINE_MS=1000\) ran out; the last failed with no complete response within \d+ ms/);
    expect(msg).toMatch(/Is the server up and the URL right\?.*lower RASTERDUCK_DEADLINE_MS, RASTERDUCK_TIMEOUT_MS or RASTERDUCK_MAX_ATTEMPTS/);
    // 400 ms attempts in a 1000 ms deadline: at most 3, whatever DuckDB re-evaluates
    expect(await server.seen(p)).toBeLessThanOrEqual(3);
  });
});

describe('answers that are not what they claim', () => {
  it('a 206 shorter than its Content-Range is a short read, retried, then named; never the end of the file', async () => {
    const p = `/${COG}?short=16384&t=always`;
    const msg = await failure(metadataOf(server.origin + p));
    expect(msg).toMatch(/gave up after 3 attempts.*short read: the server sent 16384 of the 32768 bytes its Content-Range \(bytes 0-32767\/243019\) announced/);
    expect(await server.seen(p)).toBe(3);
  });

  it('a short 206 once is retried and the file reads with its real size', async () => {
    const p = `/${COG}?short=16384&times=1`;
    const [r] = await rows(`SELECT cog_metadata('${server.origin}${p}').file_size AS size`);
    expect(Number(r.size)).toBe(statSync(fixturePath(COG)).size);
    expect(await server.seen(p)).toBe(2);
  });

  it('a file replaced after its header was read fails the tile read with If-Match, naming the change; rebuilding the metadata reads it again', async () => {
    const name = serve(COG, 'replaced.tif');
    const u = `${server.origin}/${name}`;
    const wkt = await box();
    await rows(metadataOf(u));
    serve(OTHER, name);
    const msg = await failure(`SELECT read_chip('${u}', '${wkt}') AS c`);
    expect(msg).toMatch(/read_chip: row 0 \(http:[^)]*replaced\.tif\): the file changed since its header was read \(the server refused If-Match: "[0-9a-f-]+" with 412 Precondition Failed\)\. Rebuild the metadata/);
    const log = (await server.stats()).log.filter((l) => l.url === `/${name}`);
    expect(log.map((l) => [l.range?.startsWith('bytes=0-'), l.ifMatch === undefined])).toEqual([[true, true], [false, false]]); // header, tile with If-Match
    // DuckDB's second evaluation of the constant call failed alike (no new request); once
    // the failure is forgotten, rebuilding the metadata reads the new file
    await new Promise((resolve) => setTimeout(resolve, FAILURE_MEMO_MS + 200));
    const [m] = await rows(`SELECT cog_metadata('${u}').file_size AS size`);
    expect(Number(m.size)).toBe(statSync(fixturePath(OTHER)).size);
  });

  it('without an ETag, a changed Last-Modified is caught', async () => {
    const name = serve(COG, 'touched.tif');
    const u = `${server.origin}/${name}?etag=0`;
    const wkt = await box();
    await rows(metadataOf(u));
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(dir, name), later, later);
    expect(await failure(`SELECT read_chip('${u}', '${wkt}') AS c`)).toMatch(/the file changed since its header was read \(it was last modified .* GMT, now .* GMT\)/);
  });

  it('without ETag or Last-Modified, a changed size in Content-Range is caught', async () => {
    const name = serve(COG, 'resized.tif');
    const u = `${server.origin}/${name}?validators=0`;
    const wkt = await box();
    await rows(metadataOf(u));
    serve(OTHER, name);
    expect(await failure(`SELECT read_chip('${u}', '${wkt}') AS c`)).toMatch(/the file changed since its header was read \(it was 243019 bytes, now 1467842\)/);
  });

  it('a local file changed between header and tile read is refused', async () => {
    const local = path.join(dir, serve(COG, 'local.tif'));
    const wkt = await box();
    await rows(metadataOf(local));
    serve(OTHER, 'local.tif');
    expect(await failure(`SELECT read_chip('${local}', '${wkt}') AS c`)).toMatch(/local\.tif\): the file changed since its header was read \(it was 243019 bytes, now 1467842\)/);
  });

  it('a server that answers ranges with the whole file: one download, held for later ranges, every byte counted', async () => {
    const p = `/${COG}?norange=1`;
    const wkt = await box();
    await rows('SELECT * FROM rasterduck_io_stats(reset := true)');
    const [m] = await rows(`SELECT cog_metadata('${server.origin}${p}').file_size AS size`);
    const [c] = await rows(`SELECT chip_values(read_chip('${server.origin}${p}', '${wkt}')) AS v`);
    const [expected] = await rows(`SELECT chip_values(read_chip('${fixturePath(COG)}', '${wkt}')) AS v`);
    expect(c.v).toEqual(expected.v);
    expect(Number(m.size)).toBe(statSync(fixturePath(COG)).size);
    expect(await server.seen(p)).toBe(1);
    const [s] = await rows("SELECT requests, bytes FROM rasterduck_io_stats() WHERE scheme = 'http'");
    expect({ requests: Number(s.requests), bytes: Number(s.bytes) }).toEqual({ requests: 1, bytes: statSync(fixturePath(COG)).size });
  });
});

describe('redirects', () => {
  it('a redirect loop fails naming the chain, in one pass', async () => {
    const p = `/${COG}?loop=a`;
    const msg = await failure(metadataOf(server.origin + p));
    const at = (q: string) => `${server.origin}/${COG}?${q}`.replace(/[.?]/g, (c) => `\\${c}`);
    expect(msg).toMatch(new RegExp(`redirect loop: ${at('loop=a')} -> ${at('loop=b')} -> ${at('loop=a')}\\. Check the URL`));
    expect(await server.seen(p)).toBe(1);
  });

  it('a chain longer than 10 redirects fails saying so; a short one is followed', async () => {
    expect(await failure(metadataOf(`${server.origin}/${COG}?hops=12`))).toMatch(/more than 10 redirects: \S+hops=12 -> \S+hops=11 -> .* -> \S+hops=1\. Check the URL/);
    const [r] = await rows(`SELECT cog_metadata('${server.origin}/${COG}?hops=3').image_width AS w`);
    expect(r.w).toBeGreaterThan(0);
  });
});
