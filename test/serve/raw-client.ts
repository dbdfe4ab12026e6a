/**
 * A bare protocol client for the server tests: pg-protocol's frontend serializer and
 * backend parser (node-postgres' own) over a socket, so a test can send exactly the
 * messages it means, including broken ones, and see every message that comes back.
 */
import { connect, type Socket } from 'node:net';
import { parse, serialize } from 'pg-protocol';
import type { BackendMessage } from 'pg-protocol/dist/messages.js';

export { serialize };

/** An open connection and everything it has received so far. */
export class RawClient {
  readonly messages: BackendMessage[] = [];
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    void parse(socket, (m) => {
      this.messages.push(m);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Opens a socket; with `startup`, also logs in (trust) and waits for the first ReadyForQuery. */
  static async open(port: number, startup?: Record<string, string>): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const c = new RawClient(socket);
    if (startup) {
      socket.write(serialize.startup(startup));
      await c.until((m) => m.name === 'readyForQuery' || m.name === 'error');
    }
    return c;
  }

  send(...buffers: Buffer[]): void {
    this.socket.write(Buffer.concat(buffers));
  }

  /** Waits until a message matches (or the socket closes) and returns all messages up to it, then forgets them. */
  async until(match: (m: BackendMessage) => boolean, timeoutMs = 20_000): Promise<BackendMessage[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex(match);
      if (i >= 0) return this.messages.splice(0, i + 1);
      if (this.closed || Date.now() > deadline) return this.messages.splice(0);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** Waits for the socket to close (true) or gives up after `timeoutMs` (false). */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    await this.until(() => false, timeoutMs);
    return this.closed;
  }

  end(): void {
    this.socket.destroy();
  }
}
