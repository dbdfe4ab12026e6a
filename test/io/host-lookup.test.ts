// hostLookup: answers without libuv's pool where it can (literals, localhost, hosts file, DNS over c-ares), cached.
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearHostLookupCache, hostLookup, useDnsServers } from '../../src/io/host-lookup.js';

type Answer = { err?: string; address?: unknown; family?: number };
const lookup = (host: string, options: { all?: boolean; family?: number }) =>
  new Promise<Answer>((resolve) => hostLookup(host, options, (err, address, family) => resolve(err ? { err: err.code } : { address, family })));

// a DNS server on 127.0.0.1:0 that answers every A query for *.test.example with 10.1.2.3 (TTL 60) and counts queries (RFC 1035 4.1)
const socket = createSocket('udp4');
const queries: string[] = [];
function qnameOf(msg: Buffer): { name: string; end: number } {
  const labels: string[] = [];
  let at = 12;
  while (msg[at] !== 0) {
    labels.push(msg.subarray(at + 1, at + 1 + msg[at]).toString());
    at += msg[at] + 1;
  }
  return { name: labels.join('.'), end: at + 5 };
}
socket.on('message', (msg, from) => {
  const { name, end } = qnameOf(msg);
  const qtype = msg.readUInt16BE(end - 4);
  queries.push(`${name}/${qtype}`);
  const found = qtype === 1 && name.endsWith('test.example');
  const header = Buffer.from(msg.subarray(0, 12));
  header.writeUInt16BE(found ? 0x8180 : 0x8183, 2); // response, recursion available; rcode 0 or 3 (NXDOMAIN)
  header.writeUInt16BE(found ? 1 : 0, 6); // answers
  header.writeUInt32BE(0, 8); // no authority, no additional records
  const answer = Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 1, 2, 3]); // name pointer, A, IN, TTL 60, 10.1.2.3
  socket.send(Buffer.concat([header, msg.subarray(12, end), ...(found ? [answer] : [])]), from.port, from.address);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  useDnsServers([`127.0.0.1:${socket.address().port}`]);
});
afterAll(() => {
  socket.close();
  clearHostLookupCache();
});

describe('hostLookup', () => {
  it('passes IP literals through, in both callback forms', async () => {
    expect(await lookup('127.0.0.1', {})).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await lookup('::1', { all: true })).toEqual({ address: [{ address: '::1', family: 6 }] });
  });

  it('answers localhost as the loopback (RFC 6761), filtered by family', async () => {
    // localhost itself comes from the hosts file when listed there (IPv6 too or not, by machine)
    expect(await lookup('LocalHost', { family: 4 })).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await lookup('api.localhost', { family: 6 })).toEqual({ address: '::1', family: 6 });
    expect(await lookup('api.localhost', { all: true })).toEqual({ address: [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }] });
  });

  it('asks DNS through c-ares once per name while the answer lives', async () => {
    queries.length = 0;
    expect(await lookup('a.test.example', {})).toEqual({ address: '10.1.2.3', family: 4 });
    expect(await lookup('a.test.example', { all: true })).toEqual({ address: [{ address: '10.1.2.3', family: 4 }] });
    expect(queries.sort()).toEqual(['a.test.example/1', 'a.test.example/28']); // one A and one AAAA query, then the cache
  });

  it('says ENOTFOUND for a name no one knows, and for a family the name lacks', async () => {
    expect(await lookup('nothing.invalid', { all: true })).toEqual({ err: 'ENOTFOUND' });
    expect(await lookup('b.test.example', { family: 6 })).toEqual({ err: 'ENOTFOUND' });
  });
});
