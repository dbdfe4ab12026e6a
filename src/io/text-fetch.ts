/**
 * Whole text documents over HTTP(S), from local files and from s3://: the STAC pages and
 * static catalogs a build reads. HTTP requests go through the I/O layer's retry policy, so
 * a flaky API is retried like a flaky COG; what cannot be fetched fails naming its URL.
 * Nothing here uses libuv's thread pool (no fetch: undici looks names up with
 * dns.lookup and inflates on the pool; no fs/promises), because it runs in the bridge
 * worker while queries may hold every pool thread.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STATUS_CODES } from 'node:http';
import { FetchError } from '../errors.js';
import { isRetryableStatus } from './http-reader.js';
import { httpSend, type HttpResponse } from './http-transport.js';
import { openReader } from './open-reader.js';
import { parseRetryAfter, RetryableFetchError, retryPolicyFromEnv, withRetry, type RetryPolicy } from './retry.js';

/** One HTTP request for a text (JSON) document. */
export interface TextRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A fetched document: its text, and what it is called in error messages. */
export interface FetchedText {
  readonly url: string;
  readonly text: string;
}

/** The retry policy document requests use; tests replace it to avoid sleeping. */
let policy: RetryPolicy = retryPolicyFromEnv();

/** Replaces the retry policy for document requests (tests). */
export function setTextRetryPolicy(next: RetryPolicy): void {
  policy = next;
}

/**
 * Sends `req` and returns the response text, retrying transient failures (429, 5xx,
 * resets, timeouts). Throws FetchError naming the URL, the status and the server's own
 * description (STAC APIs answer errors as `{code, description}`).
 */
export function fetchText(req: TextRequest): Promise<FetchedText> {
  const url = req.url;
  return withRetry(url, async (signal) => {
    const headers: Record<string, string> = { accept: 'application/geo+json, application/json', 'accept-encoding': 'gzip', ...req.headers };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    let res: HttpResponse;
    try {
      const body = req.body === undefined ? undefined : JSON.stringify(req.body);
      res = await httpSend(new URL(url), req.method ?? 'GET', headers, signal, body);
    } catch (e) {
      if (signal.aborted) throw e;
      throw new RetryableFetchError({ url, reason: `network error (${causeOf(e)})`, cause: e });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new RetryableFetchError({ url, reason: `network error reading the response (${causeOf(e)})`, cause: e });
    }
    if (!res.ok) throw statusError(url, res, text);
    return { url, text };
  }, policy);
}

/**
 * The text of a document at a local path, file:// URL, http(s):// or s3:// URL. Static
 * catalogs are read with it; http(s) goes through {@link fetchText}, s3 through the
 * range readers (signed, retried).
 */
export async function readText(url: string): Promise<FetchedText> {
  if (/^https?:\/\//i.test(url)) return fetchText({ url });
  if (/^s3:\/\//i.test(url) || url.startsWith('/vsis3/')) return { url, text: await readWhole(url) };
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  try {
    return { url, text: readFileSync(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FetchError({ url, reason: code === 'ENOENT' ? 'no such file' : `cannot read the file (${causeOf(e)})`, cause: e });
  }
}

async function readWhole(url: string): Promise<string> {
  const reader = openReader(url);
  const size = reader.size ? await reader.size() : undefined;
  if (size === undefined) throw new FetchError({ url, reason: 'the object size is unknown, so it cannot be read whole' });
  const [bytes] = await reader.read([{ offset: 0, length: size }]);
  return new TextDecoder().decode(bytes);
}

function statusError(url: string, res: HttpResponse, text: string): FetchError {
  const detail = describeBody(text);
  const reason = `HTTP ${res.status} ${STATUS_CODES[res.status] ?? ''}`.trim() + (detail ? ` (${detail})` : '');
  if (isRetryableStatus(res.status)) {
    return new RetryableFetchError({ url, status: res.status, reason, retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), Date.now()) });
  }
  const hint = res.status === 404 ? 'Check the URL: is it the root of a STAC API (the page that links to /search)?'
    : res.status === 400 ? 'The API refused the search; check the arguments it names'
      : undefined;
  return new FetchError({ url, status: res.status, reason, hint });
}

/** The `description` (or `detail`, `message`) of a JSON error body, else the start of the text. */
function describeBody(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const d = body.description ?? body.detail ?? body.message;
    if (typeof d === 'string') return d.slice(0, 300);
  } catch {
    // not JSON: fall through to the text itself
  }
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain ? plain.slice(0, 200) : undefined;
}

function causeOf(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const code = (cause as { code?: unknown }).code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
