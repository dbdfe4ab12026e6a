/**
 * Reads s3://bucket/key as HTTP range GETs, signed with SigV4 unless anonymous.
 */
import { HttpReader } from './http-reader.js';
import { parseS3Url, s3ConfigFromEnv, s3HttpUrl, type S3Config } from './s3-config.js';
import { EMPTY_SHA256, signV4, type AwsCredentials } from './sigv4.js';

/**
 * A RangeReader for an s3:// URL. Settings come from `config`, by default from the
 * environment (see s3ConfigFromEnv). Throws FetchError for a malformed URL or missing
 * credentials; reads throw FetchError naming the s3:// URL and the S3 error code.
 */
export function openS3Reader(url: string, config: S3Config = s3ConfigFromEnv(process.env, url)): HttpReader {
  const target = s3HttpUrl(parseS3Url(url), config);
  const fixed: Record<string, string> = {};
  if (config.requestPayer) fixed['x-amz-request-payer'] = config.requestPayer;
  const sign = (method: string, u: URL, headers: Record<string, string>): Record<string, string> =>
    config.credentials ? { ...fixed, ...signedHeaders(method, u, headers, fixed, config.region, config.credentials) } : fixed;
  return new HttpReader(url, { fetchUrl: target.href, sign, hintFor: (status, detail) => s3Hint(status, detail, config) });
}

function signedHeaders(method: string, url: URL, headers: Record<string, string>, fixed: Record<string, string>, region: string, credentials: AwsCredentials): Record<string, string> {
  // sign only what S3 requires and we control: Range and x-amz-*; fetch may rewrite the rest
  const toSign: Record<string, string> = { ...fixed, 'x-amz-content-sha256': EMPTY_SHA256 };
  if (headers.range) toSign.range = headers.range;
  const auth = signV4({ method, url, headers: toSign, region, service: 's3', credentials, date: new Date() });
  return { ...toSign, ...auth };
}

function s3Hint(status: number, detail: string | undefined, config: S3Config): string | undefined {
  const code = detail?.split(':')[0];
  if (code === 'NoSuchBucket') return 'Check the bucket name, and AWS_ENDPOINT_URL if the bucket is not on AWS';
  if (status === 404) return 'Check the key: S3 keys are case-sensitive and taken literally';
  if (code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed') return `The bucket is not in ${config.region}: set AWS_REGION to the bucket's region`;
  if (status === 403 && !config.credentials) return 'The request was unsigned (AWS_NO_SIGN_REQUEST): unset it and set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY';
  if (status === 403) {
    return 'Check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (temporary keys expire) and AWS_REGION; for a requester-pays bucket set AWS_REQUEST_PAYER=requester; for a public bucket set AWS_NO_SIGN_REQUEST=YES';
  }
  return undefined;
}
