/**
 * One client socket, from start-up to close. pg-gateway does the framing, SSLRequest,
 * the start-up message and password authentication (cleartext or SCRAM-SHA-256); after
 * that every message goes to this connection's Session. Also here: CancelRequest, the
 * database name check, the session limit, and the limits that keep a malformed or
 * hostile client from hurting anyone but itself.
 */
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import { BackendError, createScramSha256Data, type PostgresConnection, type PostgresConnectionOptions, type ScramSha256Data } from 'pg-gateway';
import { fromDuplexStream } from 'pg-gateway/node';
import type { DuckDBInstance } from '../duckdb.js';
import { register } from '../index.js';
import { backendKeyData, errorResponse } from './backend.js';
import { ClientSettings } from './client-settings.js';
import { sessionCompatSql } from './pg-compat.js';
import { STREAMING_SQL } from './portal.js';
import type { GeometryFormat } from './pg-oids.js';
import { Session, type SessionOptions } from './session.js';
import { socketStreams } from './socket-streams.js';

/** How clients authenticate. */
export type Credentials =
  | { readonly method: 'trust' }
  | { readonly method: 'scram-sha-256' | 'password'; readonly user: string; readonly password: string };

/** TLS key and certificate (PEM) for clients that send SSLRequest. */
export interface TlsFiles {
  readonly key: Buffer;
  readonly cert: Buffer;
}

/** What every connection of one server shares. */
export interface Gate {
  readonly instance: DuckDBInstance;
  /** The database name clients must give: the file's name without extension. */
  readonly database: string;
  readonly credentials: Credentials;
  readonly readonly: boolean;
  readonly maxSessions: number;
  readonly session: SessionOptions;
  /** GEOMETRY's default output format (a session may SET rasterduck.geometry_format). */
  readonly geometry: GeometryFormat;
  readonly tls?: TlsFiles;
  /** Live sessions by backend process id, for CancelRequest. */
  readonly live: Map<number, { readonly secret: number; readonly session: Session }>;
  /** Sockets past start-up (authenticating or in a session), counted against maxSessions. */
  started: number;
}

// Postgres' limits: a start-up packet is at most 10,000 bytes; any message at most 1 GB.
// Here a message may hold at most 256 MiB (large bytea parameters), and a client has 60 s
// (authentication_timeout's default) to authenticate.
const MAX_PENDING_BYTES = 256 * 1024 * 1024;
const AUTH_TIMEOUT_MS = 60_000;
const CANCEL_CODE = 80877102;
const SSL_CODE = 80877103;
const PROTOCOL_3_0 = 196608;
const NOTHING = new Uint8Array(0);

let nextPid = randomInt(1000, 1 << 22);

/** Serves one accepted socket until it closes. */
export function acceptConnection(socket: Socket, gate: Gate, scram: ScramSha256Data | undefined): void {
  socket.setNoDelay(true);
  socket.setTimeout(AUTH_TIMEOUT_MS, () => socket.destroy());
  socket.on('error', () => undefined);
  let session: Session | undefined;
  let pid = 0;
  let counted = false;
  let conn: PostgresConnection | undefined;
  const refuse = (fields: Parameters<typeof errorResponse>[0]): void => {
    void conn?.detach();
    socket.end(errorResponse(fields));
    socket.destroySoon();
  };
  const streams = socketStreams(socket, MAX_PENDING_BYTES, (why) => refuse({ severity: 'FATAL', code: '08P01', message: why }));
  const options: PostgresConnectionOptions = {
    auth: authOptions(gate.credentials, scram),
    tls: gate.tls ? { key: toArrayBuffer(gate.tls.key), cert: toArrayBuffer(gate.tls.cert) } : undefined,
    onStartup(state) {
      const params = state.clientParams ?? { user: '' };
      const database = params.database ?? params.user;
      if (database !== gate.database) throw BackendError.create({ severity: 'FATAL', code: '3D000', message: `database "${database}" does not exist (this server serves "${gate.database}")` });
      if (gate.started >= gate.maxSessions) throw BackendError.create({ severity: 'FATAL', code: '53300', message: `sorry, too many clients already (limit ${gate.maxSessions}, see --max-sessions)` });
      gate.started++;
      counted = true;
    },
    async onAuthenticated(state) {
      const params = state.clientParams ?? { user: '' };
      const connection = await gate.instance.connect();
      await register(connection);
      pid = nextPid++;
      const secret = randomInt(0, 2 ** 31);
      for (const sql of [STREAMING_SQL, ...sessionCompatSql(pid)]) await connection.run(sql);
      session = new Session(connection, new ClientSettings(params.user, gate.readonly, params, gate.geometry), gate.session);
      gate.live.set(pid, { secret, session });
      socket.setTimeout(0);
      // through pg-gateway's own writer (TLS or not): it has sent AuthenticationOk and sends ReadyForQuery after this hook
      await conn?.streamWriter?.write(Buffer.concat([...(await session.startupStatus()), backendKeyData(pid, secret)]));
    },
    onMessage(data, state) {
      streams.consumed(data.byteLength);
      if (!state.hasStarted) {
        startupMessage(data, gate, refuse, () => {
          void conn?.detach();
          socket.destroy();
        });
        return undefined;
      }
      if (!state.isAuthenticated || !session) return undefined;
      return serve(session, data, () => {
        void conn?.detach();
        socket.end();
      });
    },
  };
  socket.on('close', () => {
    if (counted) gate.started--;
    gate.live.delete(pid);
    session?.close();
  });
  void fromDuplexStream(streams, options).then((c) => (conn = c));
}

/** Relays a session's output; ends the socket when the session says so (Terminate, a protocol violation). */
async function* serve(session: Session, data: Uint8Array, end: () => void): AsyncGenerator<Uint8Array, Uint8Array> {
  yield* session.handle(data);
  if (session.fatal) end();
  // a value tells pg-gateway the message was handled
  return NOTHING;
}

/** Before start-up: CancelRequest is handled here, other non-start-up packets refused; SSLRequest and start-up go on to pg-gateway. */
function startupMessage(data: Uint8Array, gate: Gate, refuse: (f: Parameters<typeof errorResponse>[0]) => void, close: () => void): void {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const code = b.length >= 8 ? b.readInt32BE(4) : -1;
  if (code === CANCEL_CODE && b.length === 16) {
    const target = gate.live.get(b.readInt32BE(8));
    if (target && target.secret === b.readInt32BE(12)) target.session.cancel();
    close();
    return;
  }
  if (code === SSL_CODE && b.length === 8) return;
  if (code !== PROTOCOL_3_0 || b.length !== b.readInt32BE(0) || b.length > 10_000) {
    refuse({ severity: 'FATAL', code: '08P01', message: code >> 16 === 3 ? `unsupported frontend protocol ${code >> 16}.${code & 0xffff}: server supports 3.0` : 'invalid startup packet' });
  }
}

function authOptions(c: Credentials, scram: ScramSha256Data | undefined): NonNullable<PostgresConnectionOptions['auth']> {
  if (c.method === 'trust') return { method: 'trust' };
  if (c.method === 'password') {
    return {
      method: 'password',
      getClearTextPassword: () => c.password,
      validateCredentials: ({ username, password }) => username === c.user && sameText(password, c.password),
    };
  }
  // a user other than ours gets SCRAM data no password matches, so the exchange fails as for a bad password
  const decoy = createScramSha256Data(randomBytes(24).toString('base64'));
  return { method: 'scram-sha-256', getScramSha256Data: async ({ username }) => (username === c.user && scram ? scram : decoy) };
}

/** SCRAM verifier for the server's password, computed once (4096 PBKDF2 rounds). */
export async function scramData(c: Credentials): Promise<ScramSha256Data | undefined> {
  return c.method === 'scram-sha-256' ? createScramSha256Data(c.password) : undefined;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
