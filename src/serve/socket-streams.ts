/**
 * A socket as the web streams pg-gateway reads and writes, with back-pressure, a cap on
 * bytes received but not yet framed into a message, and no errors: a client that resets
 * its connection just ends the streams (Duplex.toWeb would error them, and pg-gateway logs
 * every stream error to the console).
 */
import type { Socket } from 'node:net';

/** The streams, and the hook that tells the cap a message was taken. */
export interface SocketStreams {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  /** Call with each framed message's size: those bytes no longer count against the cap. */
  consumed(bytes: number): void;
}

// Postgres refuses a start-up packet (the first, untyped one) longer than 10,000 bytes
const MAX_STARTUP_BYTES = 10_000;

/**
 * Wraps `socket`; `overflow` runs (once) when more than `maxPendingBytes` wait unframed, or
 * when the first packet declares a length no start-up packet has (before the packet has
 * arrived: a client speaking another protocol would otherwise be waited on).
 */
export function socketStreams(socket: Socket, maxPendingBytes: number, overflow: (why: string) => void): SocketStreams {
  let pending = 0;
  let over = false;
  let ended = false;
  let head: Buffer | undefined = Buffer.alloc(0);
  const readable = new ReadableStream<Uint8Array>({
    start(controller) {
      const end = (): void => {
        if (ended) return;
        ended = true;
        controller.close();
      };
      socket.on('data', (chunk: Buffer) => {
        if (ended || over) return;
        pending += chunk.length;
        if (head) {
          head = Buffer.concat([head, chunk.subarray(0, 4)]).subarray(0, 4);
          const declared = head.length === 4 ? head.readInt32BE(0) : 8;
          if (declared < 8 || declared > MAX_STARTUP_BYTES) {
            over = true;
            overflow(`invalid length of startup packet (${declared} bytes)`);
            return;
          }
          if (head.length === 4) head = undefined;
        }
        if (pending > maxPendingBytes) {
          over = true;
          overflow(`message longer than ${maxPendingBytes} bytes`);
          return;
        }
        // pg-gateway's framing reads lengths through the chunk's whole ArrayBuffer: give it chunks that own theirs
        controller.enqueue(chunk.byteOffset === 0 && chunk.length === chunk.buffer.byteLength ? new Uint8Array(chunk.buffer) : new Uint8Array(chunk));
        if ((controller.desiredSize ?? 1) <= 0) socket.pause();
      });
      socket.on('end', end);
      socket.on('close', end);
      socket.on('error', end);
    },
    pull() {
      socket.resume();
    },
    // the reader went away (pg-gateway detached, or TLS took over and closed): stop feeding it
    cancel() {
      ended = true;
    },
  }, { highWaterMark: 16 });
  const writable = new WritableStream<Uint8Array>({
    write: (chunk) => new Promise<void>((resolve) => {
      if (socket.destroyed || socket.writableEnded) return resolve();
      // back-pressure: past the socket's buffer, wait for it to drain, so a slow reader holds the writer back
      if (socket.write(chunk)) return resolve();
      const done = (): void => {
        socket.off('drain', done).off('close', done);
        resolve();
      };
      socket.on('drain', done).on('close', done);
    }),
    close: () => void socket.end(),
    abort: () => void socket.destroy(),
  });
  return { readable, writable, consumed: (bytes) => (pending = Math.max(0, pending - bytes)) };
}
