import { describe, expect, it } from 'vitest';
import { FetchError } from '../../src/errors.js';
import { parseS3Url, s3ConfigFromEnv, s3HttpUrl } from '../../src/io/s3-config.js';

const keys = { AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK' };
const loc = { bucket: 'sentinel-cogs', key: 'tiles/31/U/FQ/B04 x.tif' };

describe('s3ConfigFromEnv', () => {
  it('defaults to AWS in us-east-1 with virtual-hosted addressing', () => {
    const c = s3ConfigFromEnv(keys);
    expect(c).toMatchObject({ region: 'us-east-1', virtualHosting: true, credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' } });
    expect(s3HttpUrl(loc, c).href).toBe('https://sentinel-cogs.s3.us-east-1.amazonaws.com/tiles/31/U/FQ/B04%20x.tif');
  });

  it("percent-encodes every key character outside RFC 3986's unreserved set, as SigV4 signs them", () => {
    const url = s3HttpUrl({ bucket: 'b', key: "a+b=c&d(1)!'*;é/~x_y-z.tif" }, s3ConfigFromEnv(keys));
    expect(url.pathname).toBe('/a%2Bb%3Dc%26d%281%29%21%27%2A%3B%C3%A9/~x_y-z.tif');
  });

  it('uses path style on AWS for dotted bucket names, which the TLS wildcard cannot cover', () => {
    expect(s3HttpUrl({ bucket: 'my.bucket', key: 'k' }, s3ConfigFromEnv({ ...keys, AWS_REGION: 'eu-west-1' })).href).toBe('https://s3.eu-west-1.amazonaws.com/my.bucket/k');
  });

  it("takes GDAL's AWS_S3_ENDPOINT as a bare host, http with AWS_HTTPS=NO, path style", () => {
    const c = s3ConfigFromEnv({ ...keys, AWS_S3_ENDPOINT: 'minio.local:9000', AWS_HTTPS: 'NO' });
    expect(s3HttpUrl(loc, c).href).toBe('http://minio.local:9000/sentinel-cogs/tiles/31/U/FQ/B04%20x.tif');
  });

  it('prefers AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL, and AWS_VIRTUAL_HOSTING overrides the style', () => {
    const env = { ...keys, AWS_ENDPOINT_URL_S3: 'https://s3.example.org/prefix', AWS_ENDPOINT_URL: 'http://other', AWS_VIRTUAL_HOSTING: 'TRUE' };
    expect(s3HttpUrl(loc, s3ConfigFromEnv(env)).href).toBe('https://sentinel-cogs.s3.example.org/prefix/tiles/31/U/FQ/B04%20x.tif');
    expect(s3HttpUrl({ bucket: 'b', key: 'k' }, s3ConfigFromEnv({ ...keys, AWS_VIRTUAL_HOSTING: 'FALSE' })).href).toBe('https://s3.us-east-1.amazonaws.com/b/k');
  });

  it('sends anonymous requests with AWS_NO_SIGN_REQUEST=YES, and carries the request payer', () => {
    expect(s3ConfigFromEnv({ AWS_NO_SIGN_REQUEST: 'YES', AWS_REQUEST_PAYER: 'requester', AWS_DEFAULT_REGION: 'us-west-2' })).toEqual({
      region: 'us-west-2',
      endpoint: undefined,
      virtualHosting: true,
      requestPayer: 'requester',
    });
  });

  it('explains what to set when there are no credentials', () => {
    expect(() => s3ConfigFromEnv({}, 's3://b/k')).toThrow(FetchError);
    expect(() => s3ConfigFromEnv({ AWS_ACCESS_KEY_ID: 'AK' }, 's3://b/k')).toThrow(/^\(s3:\/\/b\/k\): no AWS credentials.*AWS_NO_SIGN_REQUEST=YES/);
  });
});

describe('parseS3Url', () => {
  it('splits bucket and key and refuses a URL without a key', () => {
    expect(parseS3Url('s3://b/a/b.tif')).toEqual({ bucket: 'b', key: 'a/b.tif' });
    expect(() => parseS3Url('s3://b')).toThrow(/s3:\/\/bucket\/path/);
  });
});
