/**
 * The `rasterduck serve` command line: `rasterduck serve [DATABASE] [--port 5432]
 * [--host 127.0.0.1] [--user U --password P | --password-file F] [--auth scram-sha-256|password]
 * [--tls-cert C --tls-key K] [--readonly] [--max-sessions N] [--query-timeout S]
 * [--geometry wkb|ewkt]`.
 */
import { readFileSync } from 'node:fs';
import type { Credentials } from './connection.js';
import type { ServeOptions } from './server.js';

export const SERVE_USAGE = `Usage: rasterduck serve [DATABASE] [OPTIONS]
Serves DATABASE (default: in memory) over the Postgres wire protocol; clients connect to the
database named after the file without its extension (my.duckdb -> "my").
  --port P              port to listen on (default 5432; 0 picks a free one)
  --host H              address to bind (default 127.0.0.1; any other needs a password)
  --user U              the one user clients log in as
  --password W          its password (or --password-file F: the file's first line)
  --auth M              scram-sha-256 (default) or password (cleartext; use with TLS)
  --tls-cert C --tls-key K   PEM files: answer SSLRequest with TLS
  --readonly            open the database read-only
  --max-sessions N      concurrent sessions (default 64)
  --query-timeout S     interrupt a statement after S seconds (default 0: none)
  --geometry F          GEOMETRY as wkb (bytea, default) or ewkt (text)
`;

/** Parsed `serve` arguments, or a request for help. */
export type ServeArgs = { readonly help: true } | ({ readonly help: false } & ServeOptions);

/** Parses argv after `serve`; throws an Error whose message says what is wrong. */
export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return { help: true };
    if (a === '--readonly' || a === '-readonly') switches.add('readonly');
    else if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`serve: missing value for --${name}`);
      if (!KNOWN.has(name)) throw new Error(`serve: unknown option --${name}\n${SERVE_USAGE}`);
      flags.set(name, value);
    } else positional.push(a);
  }
  if (positional.length > 1) throw new Error(`serve: one database at a time (got ${positional.join(', ')})`);
  return {
    help: false,
    database: positional[0] ?? ':memory:',
    host: flags.get('host') ?? '127.0.0.1',
    port: integer(flags.get('port') ?? '5432', 'port', 0, 65535),
    credentials: credentials(flags),
    readonly: switches.has('readonly'),
    maxSessions: integer(flags.get('max-sessions') ?? '64', 'max-sessions', 1, 10_000),
    queryTimeoutMs: Math.round(number(flags.get('query-timeout') ?? '0', 'query-timeout') * 1000),
    geometry: choice(flags.get('geometry') ?? 'wkb', 'geometry', ['wkb', 'ewkt'] as const),
    tls: tls(flags),
  };
}

const KNOWN = new Set(['port', 'host', 'user', 'password', 'password-file', 'auth', 'tls-cert', 'tls-key', 'max-sessions', 'query-timeout', 'geometry']);

function credentials(flags: Map<string, string>): Credentials {
  const user = flags.get('user');
  const file = flags.get('password-file');
  const password = flags.get('password') ?? (file === undefined ? undefined : readFileSync(file, 'utf8').split(/\r?\n/)[0]);
  const method = choice(flags.get('auth') ?? 'scram-sha-256', 'auth', ['scram-sha-256', 'password'] as const);
  if (user === undefined && password === undefined) return { method: 'trust' };
  if (user === undefined || password === undefined || password === '') throw new Error('serve: give both --user and --password (or --password-file)');
  return { method, user, password };
}

function tls(flags: Map<string, string>): ServeOptions['tls'] {
  const cert = flags.get('tls-cert');
  const key = flags.get('tls-key');
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) throw new Error('serve: give both --tls-cert and --tls-key');
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

function number(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`serve: --${name} must be a number >= 0, got '${text}'`);
  return n;
}

function integer(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`serve: --${name} must be an integer from ${min} to ${max}, got '${text}'`);
  return n;
}

function choice<T extends string>(text: string, name: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new Error(`serve: --${name} must be one of ${allowed.join(', ')}, got '${text}'`);
  return text as T;
}
