/**
 * Helpers for the server tests: a server in this process (its event loop must stay free,
 * so clients run as async child processes, never spawnSync), a server through the CLI, and
 * a child-process runner with a time limit.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startServer, type RunningServer, type ServeOptions } from '../../src/serve/server.js';

export const PSQL = '/usr/bin/psql';
export const PYTHON = '/usr/bin/python3';
export const CLI = path.resolve('node_modules/.bin/rasterduck');
export const USER = 'geo';
export const PASSWORD = 'ndvi-secret';

/** A server on a free port with the test user, in this process. */
export function serve(database: string, extra: Partial<ServeOptions> = {}): Promise<RunningServer> {
  return startServer({
    database, host: '127.0.0.1', port: 0, credentials: { method: 'scram-sha-256', user: USER, password: PASSWORD },
    readonly: false, maxSessions: 64, queryTimeoutMs: 0, geometry: 'wkb', ...extra,
  });
}

/** What a child process printed and how it ended. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end (killed after `timeoutMs`), with `input` on its stdin. */
export function run(cmd: string, args: readonly string[], opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** psql against a server: -X (no psqlrc), quiet, unaligned, tuples only, stop at the first error. */
export function psql(server: RunningServer, sql: string, extra: readonly string[] = [], password = PASSWORD, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return run(PSQL, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(server.port), '-U', USER, '-d', server.database, ...extra, '-c', sql], { env: { PGPASSWORD: password, PGCONNECT_TIMEOUT: '10', ...env } });
}

/** A Python script with psycopg2, given the server's connection settings as PG* variables. */
export function python(server: RunningServer, script: string, password = PASSWORD): Promise<Ran> {
  return run(PYTHON, ['-c', script], { env: { PGHOST: '127.0.0.1', PGPORT: String(server.port), PGUSER: USER, PGPASSWORD: password, PGDATABASE: server.database } });
}

/** node-postgres client settings for a server. */
export function pgConfig(server: RunningServer, password = PASSWORD): { host: string; port: number; user: string; password: string; database: string } {
  return { host: '127.0.0.1', port: server.port, user: USER, password, database: server.database };
}
