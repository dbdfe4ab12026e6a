/**
 * Planetary Computer signing: its Azure blobs are read with a SAS token that its token
 * endpoint hands out per collection (GET {endpoint}/{collection}) or per storage account
 * and container (GET {endpoint}/{account}/{container}), answering {"token", "msft:expiry"},
 * as the planetary-computer SDK does. Tokens are cached until shortly before they expire,
 * so a build or a read fetches one per collection or container, not one per file.
 */
import { FormatError } from '../errors.js';
import { fetchText } from './text-fetch.js';

/** A SAS token and when it stops working (milliseconds since the epoch). */
export interface SasToken {
  readonly token: string;
  readonly expiresAt: number;
}

/** Where tokens come from; an interface so tests and other clouds can supply their own. */
export interface TokenSource {
  token(scope: string): Promise<SasToken>;
}

/** Renew a cached token this long before it expires, so a long build never uses a dead one. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** Tokens from a Planetary Computer SAS endpoint, cached per collection or container. */
export class PlanetaryComputerTokens implements TokenSource {
  private readonly cache = new Map<string, Promise<SasToken>>();

  /**
   * @param endpoint the token endpoint without the collection (…/api/sas/v1/token)
   * @param subscriptionKey sent as Ocp-Apim-Subscription-Key for higher rate limits
   */
  constructor(private readonly endpoint: string, private readonly subscriptionKey?: string, private readonly now: () => number = Date.now) {}

  /**
   * The token for `scope`: a collection id, or 'account/container'. Throws FetchError
   * naming the endpoint, FormatError for an answer without a token.
   */
  token(scope: string): Promise<SasToken> {
    const hit = this.cache.get(scope);
    if (hit) return hit.then((t) => (t.expiresAt - RENEW_BEFORE_MS > this.now() ? t : this.refresh(scope)));
    return this.refresh(scope);
  }

  private refresh(scope: string): Promise<SasToken> {
    const pending = this.fetchToken(scope);
    this.cache.set(scope, pending);
    pending.catch(() => this.cache.delete(scope));
    return pending;
  }

  private async fetchToken(scope: string): Promise<SasToken> {
    const url = `${this.endpoint.replace(/\/+$/, '')}/${scope.split('/').map(encodeURIComponent).join('/')}`;
    const headers = this.subscriptionKey ? { 'Ocp-Apim-Subscription-Key': this.subscriptionKey } : undefined;
    const doc = parseAnswer(url, (await fetchText({ url, headers })).text);
    if (typeof doc?.token !== 'string') {
      throw new FormatError({ url, reason: 'the SAS token answer has no "token" string', hint: 'Check RASTERDUCK_PC_SAS_URL, or try again later' });
    }
    const expiry = typeof doc['msft:expiry'] === 'string' ? Date.parse(doc['msft:expiry']) : NaN;
    // no expiry given: assume the SDK's usual hour, less the renewal margin
    return { token: doc.token, expiresAt: Number.isNaN(expiry) ? this.now() + 60 * 60_000 : expiry };
  }
}

/** The Planetary Computer SAS token endpoint; RASTERDUCK_PC_SAS_URL overrides it. */
export const PC_SAS_URL = 'https://planetarycomputer.microsoft.com/api/sas/v1/token';

/** Azure Blob Storage hosts, the only ones Planetary Computer tokens apply to. */
export const AZURE_BLOB_HOST = /\.blob\.core\.windows\.net$/i;

/**
 * `href` with the SAS token appended when its host matches `hosts` and it is not signed
 * already (a `sig=` parameter); other hrefs are returned unchanged.
 */
export function signHref(href: string, token: string, hosts: RegExp = AZURE_BLOB_HOST): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return href;
  }
  if (!hosts.test(url.hostname) || url.searchParams.has('sig')) return href;
  return `${href}${url.search ? '&' : '?'}${token.replace(/^\?/, '')}`;
}

/** The token endpoint's JSON answer as an object, or undefined when it is not one. */
function parseAnswer(url: string, text: string): Record<string, unknown> | undefined {
  try {
    const doc = JSON.parse(text) as unknown;
    return doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch (e) {
    throw new FormatError({ url, reason: `the SAS token answer is not JSON (${(e as Error).message})`, hint: 'Check RASTERDUCK_PC_SAS_URL, or try again later', cause: e });
  }
}
