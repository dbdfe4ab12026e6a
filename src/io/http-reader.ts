/**
 * Reads byte ranges over HTTP(S) with one Range GET per range, all in flight together.
 * Also the transport under s3:// (signed by the S3 reader's hook). Answers are checked:
 * short bodies are retried, a changed file (ETag, Last-Modified, size) is refused, and a
 * server that ignores Range has its whole file held instead of downloaded per range.
 */
import { STATUS_CODES } from 'node:http';
import { FetchError } from '../errors.js';
import type { ByteRange, RangeReader } from './range-reader.js';
import { countReceivedBeyond } from './counted.js';
import { checkFileVersion, fileChanged, strongEtagOf } from './file-versions.js';
import { holdFile, MAX_HELD_FILE_BYTES } from './held-files.js';
import { httpSend, MAX_REDIRECTS, RedirectError, type HttpResponse } from './http-transport.js';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, RetryableFetchError } from './retry.js';

/** Adds headers (e.g. an Authorization signature) to a request just before it is sent. */
export type RequestSigner = (method: string, url: URL, headers: Record<string, string>) => Record<string, string>;

/** Options for readers built on HTTP, such as the S3 reader. */
export interface HttpReaderOptions {
  /** The URL to request when it differs from the one users see (an s3:// URL maps to https). */
  readonly fetchUrl?: string;
  readonly sign?: RequestSigner;
  /** A hint for a failed status, given the server's error detail; falls back to a generic one. */
  readonly hintFor?: (status: number, detail: string | undefined) => string | undefined;
}

/** A parsed Content-Range header: bytes start-end of a file of `total` bytes (undefined: unknown). */
interface ContentRange {
  readonly header: string;
  readonly start: number;
  readonly end: number;
  readonly total?: number;
}

/** The total size in a Content-Range (`bytes a-b/N` or `bytes *\/N`), if given. */
function totalOf(header: string | null): number | undefined {
  const m = /\/(\d+)$/.exec(header ?? '');
  return m ? Number(m[1]) : undefined;
}

/** A URL for messages, with the values of signature and token parameters (SAS, presigned S3) left out. */
function shown(u: URL): string {
  const copy = new URL(u.href);
  for (const key of [...copy.searchParams.keys()]) {
    if (/sig|signature|token|credential|key/i.test(key)) copy.searchParams.set(key, '…');
  }
  return copy.href;
}

/** Statuses worth retrying: timeouts, throttling and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** An HTTP(S) RangeReader; errors name `url` (the user's URL, not the signed one). */
export class HttpReader implements RangeReader {
  private readonly target: URL;
  private knownSize: number | undefined;

  /** Throws FetchError if the URL does not parse. */
  constructor(readonly url: string, private readonly options: HttpReaderOptions = {}) {
    try {
      this.target = new URL(options.fetchUrl ?? url);
    } catch (e) {
      throw new FetchError({ url, reason: 'not a valid URL', hint: 'Use e.g. https://host/path/file.tif', cause: e });
    }
  }

  /** Fetches every range concurrently; a range starting past the end comes back empty. */
  read(ranges: readonly ByteRange[], signal?: AbortSignal): Promise<Uint8Array[]> {
    return Promise.all(ranges.map((r) => this.readOne(r, signal)));
  }

  /** The size from an earlier Content-Range, else from a HEAD request. */
  async size(signal?: AbortSignal): Promise<number | undefined> {
    if (this.knownSize !== undefined) return this.knownSize;
    const res = await this.send('HEAD', {}, signal ?? AbortSignal.timeout(DEFAULT_RETRY_POLICY.timeoutMs));
    if (!res.ok) throw await this.statusError(res);
    const length = res.headers.get('content-length');
    this.knownSize = length === null ? undefined : Number(length);
    this.checkVersion(res, this.knownSize);
    return this.knownSize;
  }

  private async readOne(r: ByteRange, signal?: AbortSignal): Promise<Uint8Array> {
    if (r.length === 0) return new Uint8Array(0);
    const extra: Record<string, string> = { range: `bytes=${r.offset}-${r.offset + r.length - 1}` };
    // the server then refuses a changed file itself (412), before sending any of it
    const etag = strongEtagOf(this.url);
    if (etag) extra['if-match'] = etag;
    const res = await this.send('GET', extra, signal);
    if (res.status === 416) {
      // the range starts at or past the end of the file: the contract says short, so empty
      res.cancel();
      this.checkVersion(res, totalOf(res.headers.get('content-range')));
      return new Uint8Array(0);
    }
    if (res.status === 412 && etag) {
      res.cancel();
      throw fileChanged(this.url, `the server refused If-Match: ${etag} with 412 Precondition Failed`);
    }
    if (res.status === 200) return this.wholeFileFor(res, r, signal);
    if (res.status !== 206) throw await this.statusError(res);
    const span = this.contentRange(res, r);
    this.checkVersion(res, span?.total);
    const body = await this.body(res, signal);
    if (span) this.checkComplete(res, r, span, body.length);
    return body.subarray(0, r.length);
  }

  /**
   * A 200 to a range read: the server ignores Range and sent the whole file. It is held
   * (held-files.ts) so later ranges are sliced from it, and every byte of it is counted.
   */
  private async wholeFileFor(res: HttpResponse, r: ByteRange, signal?: AbortSignal): Promise<Uint8Array> {
    const announced = Number(res.headers.get('content-length') ?? NaN);
    if (announced > MAX_HELD_FILE_BYTES) {
      res.cancel();
      throw this.noRangeSupport(announced);
    }
    this.checkVersion(res, Number.isFinite(announced) ? announced : undefined);
    const body = await this.body(res, signal);
    if (body.length > MAX_HELD_FILE_BYTES) throw this.noRangeSupport(body.length);
    this.knownSize = body.length;
    holdFile(this.url, body);
    const part = body.slice(r.offset, r.offset + r.length);
    countReceivedBeyond(this.url, body.length - part.length);
    return part;
  }

  private noRangeSupport(bytes: number): FetchError {
    return new FetchError({
      url: this.url,
      status: 200,
      reason: `the server ignores Range requests: it answered a range read with the whole ${bytes}-byte file, and rasterduck holds such a file in memory only up to ${MAX_HELD_FILE_BYTES / 1024 / 1024} MiB`,
      hint: 'Serve the file from a server that answers Range requests (object stores, nginx, most CDNs do), or download it and read it locally',
    });
  }

  private async send(method: string, extra: Record<string, string>, signal?: AbortSignal): Promise<HttpResponse> {
    // identity: a Range applies to the encoded bytes, so a gzip transfer would break offsets
    const base = { 'accept-encoding': 'identity', ...extra };
    const headers = this.options.sign ? { ...base, ...this.options.sign(method, this.target, base) } : base;
    try {
      return await httpSend(this.target, method, headers, signal);
    } catch (e) {
      if (e instanceof RedirectError) throw this.redirectError(e);
      throw this.networkError(e, signal);
    }
  }

  private redirectError(e: RedirectError): FetchError {
    const chain = e.chain.map(shown).join(' -> ');
    return new FetchError({
      url: this.url,
      reason: e.loop ? `redirect loop: ${chain}` : `more than ${MAX_REDIRECTS} redirects: ${chain}`,
      hint: 'Check the URL, and the server or proxy configuration that sends these redirects; use the final URL if there is one',
      cause: e,
    });
  }

  private async body(res: HttpResponse, signal?: AbortSignal): Promise<Uint8Array> {
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      throw this.networkError(e, signal);
    }
  }

  private networkError(e: unknown, signal?: AbortSignal): unknown {
    if (signal?.aborted) return signal.reason ?? e;
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
    const code = (cause as { code?: unknown }).code;
    const message = cause instanceof Error ? cause.message : String(cause);
    const what = typeof code === 'string' ? `${code}: ${message}` : message;
    return new RetryableFetchError({ url: this.url, reason: `network error (${what})`, cause: e });
  }

  /** The version this response is of (ETag, Last-Modified, size); throws when it is not the one first seen. */
  private checkVersion(res: HttpResponse, size: number | undefined): void {
    checkFileVersion(this.url, { etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined, size });
  }

  /** The parsed Content-Range of a 206 (undefined when missing or unparsable), checked to start where asked. */
  private contentRange(res: HttpResponse, r: ByteRange): ContentRange | undefined {
    const header = res.headers.get('content-range') ?? '';
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header);
    if (!m) return undefined;
    const span = { header, start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? undefined : Number(m[3]) };
    if (span.total !== undefined) this.knownSize = span.total;
    if (span.start !== r.offset) {
      // a proxy that shifts ranges would hand back the wrong pixels silently: refuse
      throw new FetchError({ url: this.url, status: res.status, reason: `asked for bytes from ${r.offset} but the server sent ${header}`, hint: 'A proxy or CDN in between may be rewriting Range requests' });
    }
    return span;
  }

  /**
   * A body shorter than its Content-Range, or a range that stops before both the end asked
   * for and the end of the file, is a short read, not the end of the file: retried, then
   * reported as such (taken as the end, it made a 452,072-byte file look 16,384 bytes long).
   */
  private checkComplete(res: HttpResponse, r: ByteRange, span: ContentRange, got: number): void {
    const announced = span.end - span.start + 1;
    const wantedEnd = r.offset + r.length - 1;
    const fileEnd = span.total === undefined ? Infinity : span.total - 1;
    let reason: string | undefined;
    if (got < announced) reason = `short read: the server sent ${got} of the ${announced} bytes its Content-Range (${span.header}) announced`;
    else if (span.end < Math.min(wantedEnd, fileEnd)) reason = `short read: asked for bytes ${r.offset}-${wantedEnd} and the server sent only ${span.header}`;
    if (reason) throw new RetryableFetchError({ url: this.url, status: res.status, reason, hint: 'The server, or a proxy or CDN in between, cuts responses short' });
  }

  private async statusError(res: HttpResponse): Promise<FetchError> {
    const detail = await errorDetail(res);
    const status = res.status;
    const reason = `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trim() + (detail ? ` (${detail})` : '');
    const hint = this.options.hintFor?.(status, detail) ?? genericHint(status);
    if (!isRetryableStatus(status)) return new FetchError({ url: this.url, status, reason, hint });
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
    return new RetryableFetchError({ url: this.url, status, reason, hint, retryAfterMs });
  }
}

/** The error code and message from an S3-style XML body, or the start of a text body. */
async function errorDetail(res: HttpResponse): Promise<string | undefined> {
  const text = (await res.text().catch(() => '')).slice(0, 4096);
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  if (code) return message ? `${code}: ${message}` : code;
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain ? plain.slice(0, 200) : undefined;
}

function genericHint(status: number): string | undefined {
  if (status === 404 || status === 410) return 'Check the URL: the server has no file there';
  if (status === 401 || status === 403) return 'The server refused access: check that the file is public or that your credentials or signed URL are valid';
  if (isRetryableStatus(status)) return 'The server is failing or throttling; try again later';
  return undefined;
}
