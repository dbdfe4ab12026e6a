/**
 * Where and how to reach S3: region, endpoint, addressing style and credentials, read
 * from the environment variables that AWS tools and GDAL's /vsis3/ already use.
 */
import { FetchError } from '../errors.js';
import type { AwsCredentials } from './sigv4.js';
import { uriEncode } from './sigv4.js';

/** Everything needed to turn s3://bucket/key into a request. */
export interface S3Config {
  readonly region: string;
  /** A custom endpoint (MinIO, R2, a local test server); undefined means AWS. */
  readonly endpoint?: URL;
  /** bucket.host/key when true, host/bucket/key when false. */
  readonly virtualHosting: boolean;
  /** Undefined for anonymous, unsigned requests. */
  readonly credentials?: AwsCredentials;
  /** Sent as x-amz-request-payer (e.g. `requester` for requester-pays buckets). */
  readonly requestPayer?: string;
}

/** A parsed s3:// URL. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/** GDAL's YES/NO style flags, also accepting TRUE/FALSE, ON/OFF and 1/0. */
function flag(v: string | undefined): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  if (/^(yes|true|on|1)$/i.test(v)) return true;
  if (/^(no|false|off|0)$/i.test(v)) return false;
  return undefined;
}

/**
 * Reads the S3 settings from `env`. Region: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1.
 * Endpoint: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, or GDAL's AWS_S3_ENDPOINT (a bare host
 * is https unless AWS_HTTPS=NO). Custom endpoints default to path-style addressing, AWS to
 * virtual-hosted; AWS_VIRTUAL_HOSTING=TRUE/FALSE overrides. AWS_NO_SIGN_REQUEST=YES sends
 * unsigned requests. Throws FetchError when there are neither credentials nor
 * AWS_NO_SIGN_REQUEST, or the endpoint does not parse.
 */
export function s3ConfigFromEnv(env: NodeJS.ProcessEnv = process.env, url = 's3://'): S3Config {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  const endpoint = parseEndpoint(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || env.AWS_S3_ENDPOINT, flag(env.AWS_HTTPS) ?? true, url);
  const virtualHosting = flag(env.AWS_VIRTUAL_HOSTING) ?? endpoint === undefined;
  const requestPayer = env.AWS_REQUEST_PAYER || undefined;
  if (flag(env.AWS_NO_SIGN_REQUEST)) return { region, endpoint, virtualHosting, requestPayer };
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new FetchError({
      url,
      reason: 'no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set',
      hint: 'Set them (and AWS_SESSION_TOKEN for temporary credentials), or set AWS_NO_SIGN_REQUEST=YES for a public bucket',
    });
  }
  const credentials = { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
  return { region, endpoint, virtualHosting, credentials, requestPayer };
}

function parseEndpoint(raw: string | undefined, https: boolean, url: string): URL | undefined {
  if (!raw) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `${https ? 'https' : 'http'}://${raw}`;
  try {
    return new URL(withScheme);
  } catch (e) {
    throw new FetchError({ url, reason: `the S3 endpoint '${raw}' is not a valid URL or host`, hint: 'Set AWS_ENDPOINT_URL to e.g. http://127.0.0.1:9000', cause: e });
  }
}

/** Splits s3://bucket/key; throws FetchError when the bucket or key is missing. */
export function parseS3Url(url: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!m) throw new FetchError({ url, reason: 'not an s3://bucket/key URL', hint: 'Write it as s3://bucket/path/to/file.tif' });
  return { bucket: m[1], key: m[2] };
}

/**
 * The HTTP URL for an object. Keys are taken literally (as the AWS CLI does) and each
 * path segment is percent-encoded once, which is also the form SigV4 signs for S3.
 */
export function s3HttpUrl(loc: S3Location, config: S3Config): URL {
  const key = loc.key.split('/').map(uriEncode).join('/');
  const base = config.endpoint ?? new URL(`https://s3.${config.region}.amazonaws.com`);
  // a dotted bucket name breaks the *.s3 TLS wildcard certificate, so AWS needs path style for it
  const virtual = config.virtualHosting && !(base.protocol === 'https:' && loc.bucket.includes('.'));
  const prefix = base.pathname.replace(/\/+$/, '');
  const host = virtual ? `${loc.bucket}.${base.host}` : base.host;
  const path = virtual ? `${prefix}/${key}` : `${prefix}/${uriEncode(loc.bucket)}/${key}`;
  return new URL(`${base.protocol}//${host}${path}`);
}
