/**
 * Planetary Computer signing: its Azure blobs are read with a SAS token that its token
 * endpoint hands out per collection (GET {endpoint}/{collection} -> {"token", "msft:expiry"},
 * as the planetary-computer SDK does). Tokens are cached until shortly before they expire,
 * so a build fetches one per collection, not one per file.
 */
import { FormatError } from '../errors.js';
import { fetchJson } from './json-fetch.js';
import { isObject } from './item-check.js';

/** A SAS token and when it stops working (milliseconds since the epoch). */
export interface SasToken {
  readonly token: string;
  readonly expiresAt: number;
}

/** Where tokens come from; an interface so tests and other clouds can supply their own. */
export interface TokenSource {
  token(collection: string): Promise<SasToken>;
}

/** Renew a cached token this long before it expires, so a long build never uses a dead one. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** Tokens from a Planetary Computer SAS endpoint, cached per collection. */
export class PlanetaryComputerTokens implements TokenSource {
  private readonly cache = new Map<string, Promise<SasToken>>();

  /**
   * @param endpoint the token endpoint without the collection (…/api/sas/v1/token)
   * @param subscriptionKey sent as Ocp-Apim-Subscription-Key for higher rate limits
   */
  constructor(private readonly endpoint: string, private readonly subscriptionKey?: string, private readonly now: () => number = Date.now) {}

  /** The token for `collection`; throws FetchError naming the endpoint, FormatError for an answer without a token. */
  token(collection: string): Promise<SasToken> {
    const hit = this.cache.get(collection);
    if (hit) return hit.then((t) => (t.expiresAt - RENEW_BEFORE_MS > this.now() ? t : this.refresh(collection)));
    return this.refresh(collection);
  }

  private refresh(collection: string): Promise<SasToken> {
    const pending = this.fetchToken(collection);
    this.cache.set(collection, pending);
    pending.catch(() => this.cache.delete(collection));
    return pending;
  }

  private async fetchToken(collection: string): Promise<SasToken> {
    const url = `${this.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(collection)}`;
    const headers = this.subscriptionKey ? { 'Ocp-Apim-Subscription-Key': this.subscriptionKey } : undefined;
    const doc = await fetchJson({ url, headers }, 'the SAS token answer');
    if (!isObject(doc) || typeof doc.token !== 'string') {
      throw new FormatError({ url, reason: 'the SAS token answer has no "token" string', hint: 'Check RASTERDUCK_PC_SAS_URL, or try again later' });
    }
    const expiry = typeof doc['msft:expiry'] === 'string' ? Date.parse(doc['msft:expiry']) : NaN;
    // no expiry given: assume the SDK's usual hour, less the renewal margin
    return { token: doc.token, expiresAt: Number.isNaN(expiry) ? this.now() + 60 * 60_000 : expiry };
  }
}

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
