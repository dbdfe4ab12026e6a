/**
 * Reads byte ranges over HTTP(S) with one Range GET per range, all in flight together.
 * Also the transport under s3:// (signed by the S3 reader's hook).
 */
import { STATUS_CODES } from 'node:http';
import { FetchError } from '../errors.js';
import type { ByteRange, RangeReader } from './range-reader.js';
import { httpSend, type HttpResponse } from './http-transport.js';
import { parseRetryAfter, RetryableFetchError } from './retry.js';

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
  async size(): Promise<number | undefined> {
    if (this.knownSize !== undefined) return this.knownSize;
    const res = await this.send('HEAD', {}, AbortSignal.timeout(30_000));
    if (!res.ok) throw await this.statusError(res);
    const length = res.headers.get('content-length');
    this.knownSize = length === null ? undefined : Number(length);
    return this.knownSize;
  }

  private async readOne(r: ByteRange, signal?: AbortSignal): Promise<Uint8Array> {
    if (r.length === 0) return new Uint8Array(0);
    const res = await this.send('GET', { range: `bytes=${r.offset}-${r.offset + r.length - 1}` }, signal);
    if (res.status === 416) {
      // the range starts at or past the end of the file: the contract says short, so empty
      res.cancel();
      return new Uint8Array(0);
    }
    if (res.status !== 200 && res.status !== 206) throw await this.statusError(res);
    if (res.status === 206) this.checkContentRange(res, r);
    const body = await this.body(res, signal);
    // a 200 is the whole file (the server ignored Range): copy out our part so the rest can be freed
    return res.status === 200 ? body.slice(r.offset, r.offset + r.length) : body.subarray(0, r.length);
  }

  private async send(method: string, extra: Record<string, string>, signal?: AbortSignal): Promise<HttpResponse> {
    // identity: a Range applies to the encoded bytes, so a gzip transfer would break offsets
    const base = { 'accept-encoding': 'identity', ...extra };
    const headers = this.options.sign ? { ...base, ...this.options.sign(method, this.target, base) } : base;
    try {
      return await httpSend(this.target, method, headers, signal);
    } catch (e) {
      throw this.networkError(e, signal);
    }
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

  private checkContentRange(res: HttpResponse, r: ByteRange): void {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '');
    if (!m) return;
    if (m[3] !== '*') this.knownSize = Number(m[3]);
    if (Number(m[1]) !== r.offset) {
      // a proxy that shifts ranges would hand back the wrong pixels silently: refuse
      throw new FetchError({ url: this.url, status: res.status, reason: `asked for bytes from ${r.offset} but the server sent ${m[0]}`, hint: 'A proxy or CDN in between may be rewriting Range requests' });
    }
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
