/**
 * Planetary Computer blobs signed at read time. A collection keeps its hrefs unsigned (a
 * SAS token lasts about an hour, the index for good), so reading an Azure blob href that
 * has no signature, or one about to expire, first takes a token for its storage account
 * and container from the token endpoint (one per container, cached until shortly before it
 * expires: pc-sas.ts) and reads the signed URL, as the planetary-computer SDK's sign()
 * does. Errors still name the href as the user wrote it. When the endpoint has no token
 * for the container (a 4xx: not a Planetary Computer account), the blob is read as it is.
 *
 * Settings: RASTERDUCK_PC_SIGN=NO turns it off; RASTERDUCK_PC_SAS_URL the endpoint;
 * RASTERDUCK_PC_SIGN_HOSTS (a regular expression) the hosts, for proxies and tests;
 * PC_SDK_SUBSCRIPTION_KEY as for the SDK.
 */
import { InputError, isRasterduckError } from '../errors.js';
import { HttpReader } from './http-reader.js';
import { AZURE_BLOB_HOST, PC_SAS_URL, PlanetaryComputerTokens, type TokenSource } from './pc-sas.js';
import type { ByteRange, RangeReader } from './range-reader.js';

/** Re-sign a signed URL this long before its `se` expiry, so a long read never uses a dead one. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** Azure's SAS query parameters: replaced together by a new token's. */
const SAS_PARAMS = new Set(['sv', 'ss', 'srt', 'sp', 'se', 'st', 'spr', 'sig', 'sr', 'si', 'sip', 'skoid', 'sktid', 'skt', 'ske', 'sks', 'skv', 'sdd', 'saoid', 'suoid', 'scid', 'rscc', 'rscd', 'rsce', 'rscl', 'rsct']);

/** Where tokens come from and which hosts take them. */
export interface PcSigning {
  readonly tokens: TokenSource;
  readonly hosts: RegExp;
}

const endpoints = new Map<string, PlanetaryComputerTokens>();

/** The signing the environment asks for, or null when RASTERDUCK_PC_SIGN turns it off. Token caches are shared per endpoint. */
export function pcSigningFromEnv(env: NodeJS.ProcessEnv = process.env): PcSigning | null {
  if (/^(no|false|off|0)$/i.test(env.RASTERDUCK_PC_SIGN ?? '')) return null;
  const endpoint = env.RASTERDUCK_PC_SAS_URL || PC_SAS_URL;
  const key = `${endpoint} ${env.PC_SDK_SUBSCRIPTION_KEY ?? ''}`;
  let tokens = endpoints.get(key);
  if (!tokens) endpoints.set(key, (tokens = new PlanetaryComputerTokens(endpoint, env.PC_SDK_SUBSCRIPTION_KEY || undefined)));
  return { tokens, hosts: env.RASTERDUCK_PC_SIGN_HOSTS ? hostPattern(env.RASTERDUCK_PC_SIGN_HOSTS) : AZURE_BLOB_HOST };
}

/** RASTERDUCK_PC_SIGN_HOSTS as a pattern. @throws InputError when it does not compile. */
export function hostPattern(source: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (e) {
    throw new InputError({ reason: `RASTERDUCK_PC_SIGN_HOSTS=${source} is not a regular expression (${(e as Error).message})`, hint: 'Unset it for Azure blob hosts, or give a pattern such as \\.blob\\.core\\.windows\\.net$', cause: e });
  }
}

/** True when `url` is a blob of `hosts` without a signature, or with one expiring within RENEW_BEFORE_MS of `now`. */
export function wantsSignature(url: URL, hosts: RegExp, now = Date.now()): boolean {
  if (!hosts.test(url.hostname)) return false;
  if (!url.searchParams.has('sig')) return true;
  const expiry = Date.parse(url.searchParams.get('se') ?? '');
  return !Number.isNaN(expiry) && expiry - RENEW_BEFORE_MS <= now;
}

/** `url` with its SAS parameters, if any, replaced by those of `token`. */
export function withToken(url: URL, token: string): string {
  const out = new URL(url.href);
  for (const name of [...out.searchParams.keys()]) if (SAS_PARAMS.has(name)) out.searchParams.delete(name);
  for (const [name, value] of new URLSearchParams(token.replace(/^\?/, ''))) out.searchParams.set(name, value);
  return out.href;
}

/** The token scope of a blob URL: 'account/container'. */
function scopeOf(url: URL): string {
  return `${url.hostname.split('.')[0]}/${url.pathname.split('/')[1] ?? ''}`;
}

/** An HTTP reader of `url` that reads through a freshly signed URL (see the file comment). */
export class PcSignedReader implements RangeReader {
  private readonly target: URL;
  private signed: { readonly token: string; readonly reader: HttpReader } | undefined;
  private unsigned: HttpReader | undefined;

  constructor(readonly url: string, private readonly signing: PcSigning) {
    this.target = new URL(url);
  }

  async read(ranges: readonly ByteRange[], signal?: AbortSignal): Promise<Uint8Array[]> {
    return (await this.reader()).read(ranges, signal);
  }

  async size(signal?: AbortSignal): Promise<number | undefined> {
    return (await this.reader()).size(signal);
  }

  private async reader(): Promise<HttpReader> {
    if (this.unsigned) return this.unsigned;
    let token: string;
    try {
      token = (await this.signing.tokens.token(scopeOf(this.target))).token;
    } catch (e) {
      const status = isRasterduckError(e) ? (e as { status?: number }).status : undefined;
      if (status === undefined || status < 400 || status >= 500) throw e;
      this.unsigned = new HttpReader(this.url);
      return this.unsigned;
    }
    if (this.signed?.token !== token) this.signed = { token, reader: new HttpReader(this.url, { fetchUrl: withToken(this.target, token) }) };
    return this.signed.reader;
  }
}
