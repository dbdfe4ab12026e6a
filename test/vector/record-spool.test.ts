// The spool gives back every record as appended, across its 1 MiB write batches and read
// buffer (records smaller and larger than both), and leaves no file behind, even open.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/seeded-random.js';
import { RecordSpool } from '../../src/vector/record-spool.js';

const dir = mkdtempSync(join(tmpdir(), 'rasterduck-spool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('RecordSpool', () => {
  it('reads back every record in order, of any size, and keeps no file in the folder', () => {
    const rand = seededRandom(5);
    const sizes = [0, 1, 3, (1 << 20) - 2, 5, 3 << 20, ...Array.from({ length: 3000 }, () => Math.floor(rand() * 2000))];
    const records = sizes.map((n, i) => Uint8Array.from({ length: n }, (_, k) => (i * 31 + k) & 0xff));
    const spool = new RecordSpool(join(dir, 'out.fgb'));
    for (const r of records) spool.append(r);
    expect(readdirSync(dir)).toEqual([]);
    const back = [...spool.records()];
    expect(back.length).toBe(records.length);
    back.forEach((r, i) => expect(Buffer.from(r).equals(Buffer.from(records[i]))).toBe(true));
    spool.close();
    expect(() => [...spool.records()]).toThrow('spool: used after close');
  });
});
