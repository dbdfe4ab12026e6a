// The `rasterduck serve` command line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../src/serve/serve-args.js';
import { databaseName } from '../../src/serve/server.js';

describe('serve arguments', () => {
  it('reads the contract form and defaults to 127.0.0.1:5432, SCRAM, no limit on time', () => {
    expect(parseServeArgs(['farm.duckdb', '--port', '6000', '--user', 'u', '--password', 'w'])).toMatchObject({
      help: false, database: 'farm.duckdb', host: '127.0.0.1', port: 6000, credentials: { method: 'scram-sha-256', user: 'u', password: 'w' },
      readonly: false, maxSessions: 64, queryTimeoutMs: 0, geometry: 'wkb',
    });
    expect(parseServeArgs([])).toMatchObject({ database: ':memory:', port: 5432, credentials: { method: 'trust' } });
  });

  it('takes a password file, cleartext auth, a timeout in seconds and --readonly', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rd-pw-')), 'pw');
    writeFileSync(file, 's3cret\nignored\n');
    expect(parseServeArgs(['--user', 'u', '--password-file', file, '--auth=password', '--query-timeout', '2.5', '--readonly'])).toMatchObject({
      credentials: { method: 'password', user: 'u', password: 's3cret' }, queryTimeoutMs: 2500, readonly: true,
    });
  });

  it('refuses half credentials, bad numbers and unknown options', () => {
    expect(() => parseServeArgs(['--user', 'u'])).toThrow('give both --user and --password');
    expect(() => parseServeArgs(['--port', '70000'])).toThrow('--port must be an integer from 0 to 65535');
    expect(() => parseServeArgs(['--geometry', 'svg'])).toThrow('--geometry must be one of wkb, ewkt');
    expect(() => parseServeArgs(['--nope', '1'])).toThrow('unknown option --nope');
  });

  it('names the database after the file without its extension', () => {
    expect(databaseName('/data/farm.duckdb')).toBe('farm');
    expect(databaseName('scenes')).toBe('scenes');
    expect(databaseName(':memory:')).toBe('memory');
  });
});
