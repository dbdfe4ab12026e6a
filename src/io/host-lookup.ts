/**
 * Host name lookup for the HTTP transport without libuv's thread pool. Node's default,
 * dns.lookup, calls getaddrinfo on a pool thread, and in the bridge worker that pool may
 * be full of DuckDB queries waiting for the main thread, which waits for us. So: IP
 * literals need no lookup; `localhost` and the hosts file are answered here; other names
 * go to DNS through c-ares (dns.Resolver, its own sockets, no pool), cached for their TTL.
 * Only a name DNS cannot answer (a search-domain name, an NSS-only host, a typo) falls
 * back to dns.lookup, so the answer is always the system's.
 */
import { lookup as systemLookup, promises as dnsPromises, type LookupAddress } from 'node:dns';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

/** The callback net.connect passes to a `lookup` option. */
type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** The options net.connect passes: `all` under happy eyeballs (autoSelectFamily), a family when asked. */
interface LookupOptions {
  readonly family?: number | string;
  readonly all?: boolean;
}

/** Cached answers live at least this long and at most this long, whatever their TTL (s). */
const MIN_TTL_S = 5;
const MAX_TTL_S = 300;
/** How long the hosts file is trusted before it is read again (ms). */
const HOSTS_TTL_MS = 30_000;

const resolver = new dnsPromises.Resolver();
const cache = new Map<string, { readonly addresses: LookupAddress[]; readonly until: number }>();
let hosts: { readonly byName: Map<string, LookupAddress[]>; readonly until: number } | undefined;

/** The hosts file's entries by lower-case name (read synchronously: a few hundred bytes, no pool). */
function hostsFile(now: number): Map<string, LookupAddress[]> {
  if (hosts && now < hosts.until) return hosts.byName;
  const file = process.platform === 'win32' ? `${process.env.SystemRoot ?? 'C:\\Windows'}\\System32\\drivers\\etc\\hosts` : '/etc/hosts';
  const byName = new Map<string, LookupAddress[]>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // no hosts file: DNS answers everything
  }
  for (const line of text.split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    const family = isIP(address ?? '');
    if (family === 0) continue;
    for (const name of names) {
      const key = name.toLowerCase();
      byName.set(key, [...(byName.get(key) ?? []), { address, family }]);
    }
  }
  hosts = { byName, until: now + HOSTS_TTL_MS };
  return byName;
}

/** Every address of `host`, from the hosts file, `localhost` rules or DNS; undefined when DNS has no answer. */
async function addressesOf(host: string): Promise<LookupAddress[] | undefined> {
  const now = Date.now();
  const name = host.toLowerCase().replace(/\.$/, '');
  const listed = hostsFile(now).get(name);
  if (listed) return listed;
  // RFC 6761: localhost and *.localhost are the loopback, as getaddrinfo answers them
  if (name === 'localhost' || name.endsWith('.localhost')) return [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }];
  const hit = cache.get(name);
  if (hit && now < hit.until) return hit.addresses;
  const [v4, v6] = await Promise.all([resolver.resolve4(name, { ttl: true }).catch(() => []), resolver.resolve6(name, { ttl: true }).catch(() => [])]);
  const answers = [...v4.map((a) => ({ ...a, family: 4 })), ...v6.map((a) => ({ ...a, family: 6 }))];
  if (answers.length === 0) return undefined;
  const ttl = Math.min(MAX_TTL_S, Math.max(MIN_TTL_S, Math.min(...answers.map((a) => a.ttl))));
  const addresses = answers.map(({ address, family }) => ({ address, family }));
  cache.set(name, { addresses, until: now + ttl * 1000 });
  return addresses;
}

/**
 * A `lookup` for net/http request options, with dns.lookup's callback contract (one
 * address, or all with `all: true`, filtered by `family`), that uses no pool thread unless
 * DNS cannot answer the name.
 */
export function hostLookup(host: string, options: LookupOptions, callback: LookupCallback): void {
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family) || 0;
  const answer = (found: LookupAddress[]) => {
    const fit = family === 0 ? found : found.filter((a) => a.family === family);
    if (fit.length === 0) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host }), options.all ? [] : '');
    if (options.all) return callback(null, fit);
    callback(null, fit[0].address, fit[0].family);
  };
  const literal = isIP(host);
  if (literal !== 0) return answer([{ address: host, family: literal }]);
  addressesOf(host).then(
    (found) => (found ? answer(found) : systemLookup(host, { family, all: true }, (err, all) => (err ? callback(err, options.all ? [] : '') : answer(all)))),
    (err: NodeJS.ErrnoException) => callback(err, options.all ? [] : ''),
  );
}

/** Sends DNS queries to these servers (`ip` or `ip:port`) instead of the system's (tests). */
export function useDnsServers(servers: readonly string[]): void {
  resolver.setServers(servers);
  cache.clear();
}

/** Forgets cached DNS answers and the hosts file (tests). */
export function clearHostLookupCache(): void {
  cache.clear();
  hosts = undefined;
}
