/**
 * The bodies of the frontend messages a session handles after start-up (PostgreSQL's
 * "Message Formats" page), decoded from one whole message as pg-gateway frames it: type
 * byte, int32 length, body. Every read is bounds-checked, so a malformed body is a
 * ProtocolViolation (SQLSTATE 08P01) and never a read past the message.
 */

/** A frontend message the server understands. */
export type FrontendMessage =
  | { readonly type: 'query'; readonly sql: string }
  | { readonly type: 'parse'; readonly name: string; readonly sql: string; readonly paramOids: readonly number[] }
  | { readonly type: 'bind'; readonly portal: string; readonly statement: string; readonly paramFormats: readonly number[]; readonly params: readonly (Buffer | null)[]; readonly resultFormats: readonly number[] }
  | { readonly type: 'describe'; readonly target: 'S' | 'P'; readonly name: string }
  | { readonly type: 'execute'; readonly portal: string; readonly maxRows: number }
  | { readonly type: 'close'; readonly target: 'S' | 'P'; readonly name: string }
  | { readonly type: 'sync' }
  | { readonly type: 'flush' }
  | { readonly type: 'terminate' };

/** A message that breaks the protocol: the session answers with 08P01 and ends. */
export class ProtocolViolation extends Error {}

class Reader {
  private offset = 5;
  constructor(private readonly b: Buffer) {}
  private need(n: number): void {
    if (n < 0 || this.offset + n > this.b.length) throw new ProtocolViolation(`invalid message format: message '${String.fromCharCode(this.b[0])}' is shorter than its fields`);
  }
  int16(): number { this.need(2); const v = this.b.readInt16BE(this.offset); this.offset += 2; return v; }
  int32(): number { this.need(4); const v = this.b.readInt32BE(this.offset); this.offset += 4; return v; }
  byte(): number { this.need(1); return this.b[this.offset++]; }
  cstring(): string {
    const end = this.b.indexOf(0, this.offset);
    if (end < 0) throw new ProtocolViolation(`invalid message format: unterminated string in message '${String.fromCharCode(this.b[0])}'`);
    const s = this.b.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return s;
  }
  bytes(n: number): Buffer { this.need(n); const v = this.b.subarray(this.offset, this.offset + n); this.offset += n; return v; }
  list<T>(read: () => T): T[] {
    const n = this.int16();
    if (n < 0) throw new ProtocolViolation('invalid message format: negative count');
    return Array.from({ length: n }, read);
  }
  target(): 'S' | 'P' {
    const t = String.fromCharCode(this.byte());
    if (t !== 'S' && t !== 'P') throw new ProtocolViolation(`invalid DESCRIBE/CLOSE message subtype '${t}'`);
    return t;
  }
}

/** Decodes one framed message; throws ProtocolViolation for unknown types and malformed bodies. */
export function decodeFrontend(message: Uint8Array): FrontendMessage {
  const b = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  if (b.length < 5 || b.readInt32BE(1) !== b.length - 1) throw new ProtocolViolation('invalid message length');
  const r = new Reader(b);
  const type = String.fromCharCode(b[0]);
  switch (type) {
    case 'Q': return { type: 'query', sql: r.cstring() };
    case 'P': return { type: 'parse', name: r.cstring(), sql: r.cstring(), paramOids: r.list(() => r.int32() >>> 0) };
    case 'B': {
      const portal = r.cstring();
      const statement = r.cstring();
      const paramFormats = r.list(() => r.int16());
      const params = r.list(() => {
        const len = r.int32();
        return len === -1 ? null : r.bytes(len);
      });
      return { type: 'bind', portal, statement, paramFormats, params, resultFormats: r.list(() => r.int16()) };
    }
    case 'D': return { type: 'describe', target: r.target(), name: r.cstring() };
    case 'E': return { type: 'execute', portal: r.cstring(), maxRows: r.int32() };
    case 'C': return { type: 'close', target: r.target(), name: r.cstring() };
    case 'S': return { type: 'sync' };
    case 'H': return { type: 'flush' };
    case 'X': return { type: 'terminate' };
    default: throw new ProtocolViolation(`invalid frontend message type ${b[0]} ('${type}')`);
  }
}
