/**
 * `rasterduck serve`: one DuckDB instance with rasterduck registered, served over the
 * Postgres wire protocol, one DuckDB connection per client session. Binds 127.0.0.1 unless
 * told otherwise, and then only with a password.
 */
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { DuckDBInstance } from '../duckdb.js';
import { register } from '../index.js';
import { acceptConnection, scramData, type Credentials, type Gate, type TlsFiles } from './connection.js';
import type { GeometryFormat } from './pg-oids.js';

/** Everything `rasterduck serve` can be told. */
export interface ServeOptions {
  /** The database file, or `:memory:`. */
  readonly database: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly credentials: Credentials;
  readonly readonly: boolean;
  readonly maxSessions: number;
  /** 0 = no limit. */
  readonly queryTimeoutMs: number;
  readonly geometry: GeometryFormat;
  readonly tls?: TlsFiles;
}

/** A listening server. */
export interface RunningServer {
  readonly host: string;
  readonly port: number;
  /** The database name clients connect to. */
  readonly database: string;
  /** Stops listening, ends every session and closes the database. */
  close(): Promise<void>;
}

/** The name clients give for a database file: its file name without extension (`memory` in memory). */
export function databaseName(file: string): string {
  if (file === ':memory:' || file === '') return 'memory';
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Opens the database and listens; throws when the options are unsafe or the port is taken. */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  if (!LOOPBACK.test(o.host) && o.credentials.method === 'trust') {
    throw new Error(`serve: refusing to listen on ${o.host} without a password: give --user and --password (or --password-file), or bind 127.0.0.1`);
  }
  const instance = await DuckDBInstance.create(o.database, o.readonly ? { access_mode: 'READ_ONLY' } : undefined);
  // registering once on the instance loads the lazy modules and checks the macros before any client comes
  const first = await instance.connect();
  await register(first);
  first.closeSync();
  const gate: Gate = {
    instance, database: databaseName(o.database), credentials: o.credentials, readonly: o.readonly,
    maxSessions: o.maxSessions, session: { queryTimeoutMs: o.queryTimeoutMs }, geometry: o.geometry, tls: o.tls,
    live: new Map(), started: 0,
  };
  const scram = await scramData(o.credentials);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    acceptConnection(socket, gate, scram);
  });
  await listen(server, o.host, o.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  return {
    host: o.host, port, database: gate.database,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      // sessions close their connections as their sockets close
      await new Promise((r) => setImmediate(r));
      instance.closeSync();
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
