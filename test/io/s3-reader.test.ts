import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/errors.js';
import { ioStats, resetIoStats } from '../../src/io/counted.js';
import { composeReader } from '../../src/io/open-reader.js';
import type { RetryPolicy } from '../../src/io/retry.js';
import { s3ConfigFromEnv } from '../../src/io/s3-config.js';
import { openS3Reader } from '../../src/io/s3-reader.js';
import { payloadBytes } from './helpers/payload.js';
import { startRangeServer, type RangeServer } from './helpers/range-server.js';
import { BUCKET, KEY, OBJECT_SIZE, S3RVER_KEY, startS3Server, type S3Server } from './helpers/s3-server.js';

let s3: S3Server;
let recorder: RangeServer;
const url = `s3://${BUCKET}/${KEY}`;
const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0, timeoutMs: 5_000 };

beforeAll(async () => {
  [s3, recorder] = await Promise.all([startS3Server(), startRangeServer()]);
});
afterAll(() => Promise.all([s3.close(), recorder.close()]));
beforeEach(() => resetIoStats());

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { AWS_ENDPOINT_URL: s3.endpoint, AWS_ACCESS_KEY_ID: S3RVER_KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_KEY.secretAccessKey, ...extra };
}
const ranges = [{ offset: 150_000, length: 64 }, { offset: 7, length: 9 }, { offset: OBJECT_SIZE - 4, length: 100 }];
const want = [payloadBytes(150_000, 64), payloadBytes(7, 9), payloadBytes(OBJECT_SIZE - 4, 4)].map((b) => Array.from(b));

describe('S3 reader against s3rver', () => {
  it('reads ranges of an object with signed requests', async () => {
    const out = await composeReader(openS3Reader(url, s3ConfigFromEnv(env({}))), { retry: policy }).read(ranges);
    expect(out.map((b) => Array.from(b))).toEqual(want);
    expect(ioStats().byScheme.s3.requests).toBe(3);
  });

  it('reads anonymously with AWS_NO_SIGN_REQUEST', async () => {
    const out = await openS3Reader(url, s3ConfigFromEnv({ AWS_ENDPOINT_URL: s3.endpoint, AWS_NO_SIGN_REQUEST: 'YES' })).read(ranges);
    expect(out.map((b) => Array.from(b))).toEqual(want);
  });

  it('fails at once with a 403 naming the s3 URL, the S3 code and the variables to check', async () => {
    const reader = composeReader(openS3Reader(url, s3ConfigFromEnv(env({ AWS_ACCESS_KEY_ID: 'NOT-A-KEY' }))), { retry: policy });
    const err = await reader.read(ranges).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).status).toBe(403);
    expect((err as FetchError).message).toMatch(/^\(s3:\/\/rasterduck-test\/tiles\/b c\/é\.bin\): HTTP 403 Forbidden \(InvalidAccessKeyId: .*\)\. Check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY/);
    expect(ioStats().byScheme.s3).toMatchObject({ requests: 3, retries: 0 });
  });

  it('names NoSuchKey and NoSuchBucket with what to check', async () => {
    const config = s3ConfigFromEnv(env({}));
    const missingKey = await openS3Reader(`s3://${BUCKET}/nope.tif`, config).read(ranges).catch((e: Error) => e.message);
    expect(missingKey).toMatch(/HTTP 404 Not Found \(NoSuchKey: .*\)\. Check the key/);
    const missingBucket = await openS3Reader('s3://no-such-bucket/a.tif', config).read(ranges).catch((e: Error) => e.message);
    expect(missingBucket).toMatch(/NoSuchBucket.*Check the bucket name/);
  });
});

describe('S3 requests as sent', () => {
  const endpointEnv = (extra: Record<string, string>) => ({ AWS_S3_ENDPOINT: new URL(recorder.origin).host, AWS_HTTPS: 'NO', AWS_REGION: 'eu-central-1', ...extra });
  const lastRequest = () => recorder.stats().log.at(-1)!;

  it('uses path style with a custom endpoint and signs with the region, token and payer', async () => {
    const config = s3ConfigFromEnv(endpointEnv({ AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK', AWS_SESSION_TOKEN: 'TOK', AWS_REQUEST_PAYER: 'requester' }));
    await openS3Reader('s3://bkt/dir/signed.bin', config).read([{ offset: 0, length: 4 }]);
    const { url, headers } = lastRequest();
    expect(url).toBe('/bkt/dir/signed.bin');
    expect(headers['x-amz-security-token']).toBe('TOK');
    expect(headers['x-amz-request-payer']).toBe('requester');
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AK\/\d{8}\/eu-central-1\/s3\/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date;x-amz-request-payer;x-amz-security-token,Signature=[0-9a-f]{64}$/);
  });

  it('sends no Authorization header when unsigned', async () => {
    await openS3Reader('s3://bkt/anon.bin', s3ConfigFromEnv(endpointEnv({ AWS_NO_SIGN_REQUEST: 'YES' }))).read([{ offset: 0, length: 4 }]);
    expect(lastRequest().url).toBe('/bkt/anon.bin');
    expect(lastRequest().headers.authorization).toBeUndefined();
  });
});
