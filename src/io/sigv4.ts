/**
 * AWS Signature Version 4 for header-based auth, as specified in the AWS docs
 * ("Authenticating Requests: Using the Authorization Header"). node:crypto only, so
 * no AWS SDK comes along for one HMAC chain.
 */
import { createHash, createHmac } from 'node:crypto';

/** Long-lived or temporary AWS credentials. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Present for temporary (STS) credentials; sent as x-amz-security-token. */
  readonly sessionToken?: string;
}

/** One request to sign. Header names may be in any case; values are signed as given. */
export interface SignRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly region: string;
  readonly service: string;
  readonly credentials: AwsCredentials;
  /** Signing time; the signature is valid for 15 minutes around it. */
  readonly date: Date;
  /** Hex SHA-256 of the body; S3 also needs it as the x-amz-content-sha256 header. */
  readonly payloadHash?: string;
}

/** Hex SHA-256 of the empty body, the payload hash of every GET and HEAD. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Signs `req` and returns the headers to add: x-amz-date, x-amz-security-token when the
 * credentials carry one, and authorization. Signs `host` (from the URL) plus every header
 * in `req.headers`. The path is signed as already encoded in the URL, which is S3's rule
 * (other services encode it twice). Never throws for well-formed input.
 */
export function signV4(req: SignRequest): Record<string, string> {
  const amzDate = req.date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const extra: Record<string, string> = { 'x-amz-date': amzDate };
  if (req.credentials.sessionToken) extra['x-amz-security-token'] = req.credentials.sessionToken;

  const headers = new Map<string, string>([['host', req.url.host]]);
  for (const [k, v] of Object.entries({ ...req.headers, ...extra })) headers.set(k.toLowerCase(), v.trim().replace(/\s+/g, ' '));
  const names = [...headers.keys()].sort();
  const signedHeaders = names.join(';');
  const canonical = [
    req.method.toUpperCase(),
    req.url.pathname || '/',
    canonicalQuery(req.url.searchParams),
    names.map((n) => `${n}:${headers.get(n)}\n`).join(''),
    signedHeaders,
    req.payloadHash ?? EMPTY_SHA256,
  ].join('\n');

  const scope = `${day}/${req.region}/${req.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${req.credentials.secretAccessKey}`, day);
  for (const part of [req.region, req.service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const authorization = `AWS4-HMAC-SHA256 Credential=${req.credentials.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`;
  return { ...extra, authorization };
}

/** Encodes a string as SigV4 requires: RFC 3986 unreserved characters stay, all else is %XX. */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
