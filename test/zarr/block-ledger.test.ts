import { describe, expect, it } from 'vitest';
import { BlockLedger } from '../../src/zarr/block-ledger.js';
import { MemoryStore } from '../../src/zarr/store.js';

const blocks = ['t0-r0-c0', 't0-r0-c1', 't0-r1-c0', 't0-r1-c1'];

describe('BlockLedger', () => {
  it('lists pending blocks in order and remembers done ones across reopening', () => {
    const store = new MemoryStore();
    const ledger = BlockLedger.open(store, { fingerprint: 'run A' });
    expect(ledger.pending(blocks, (b) => b)).toEqual(blocks);
    ledger.markDone('t0-r0-c1', { chunks: 4 });
    ledger.markDone('t0-r1-c1');
    expect(ledger.isDone('t0-r0-c1')).toBe(true);
    const reopened = BlockLedger.open(store, { fingerprint: 'run A' });
    expect(reopened.pending(blocks, (b) => b)).toEqual(['t0-r0-c0', 't0-r1-c0']);
    expect(reopened.doneIds()).toEqual(['t0-r0-c1', 't0-r1-c1']);
    expect(store.list('.rasterduck/')).toEqual(['.rasterduck/blocks/t0-r0-c1.done', '.rasterduck/blocks/t0-r1-c1.done', '.rasterduck/run.json']);
  });

  it('refuses the ledger of a run with another fingerprint, or forgets it on reset', () => {
    const store = new MemoryStore();
    BlockLedger.open(store, { fingerprint: 'run A' }).markDone('t0-r0-c0');
    expect(() => BlockLedger.open(store, { fingerprint: 'run B' })).toThrow(/blocks of a run with other inputs or parameters.*overwrite/);
    const reset = BlockLedger.open(store, { fingerprint: 'run B', reset: true });
    expect(reset.doneIds()).toEqual([]);
    expect(BlockLedger.open(store, { fingerprint: 'run B' }).doneIds()).toEqual([]);
  });

  it('refuses block ids that are not safe file names', () => {
    const ledger = BlockLedger.open(new MemoryStore(), { fingerprint: 'x' });
    expect(() => ledger.markDone('../escape')).toThrow(/block id '..\/escape' is not a safe file name/);
  });

  it('checks a claim without writing, and refuses another run\'s claim leaving the store as it was', () => {
    const store = new MemoryStore();
    expect(BlockLedger.check(store, { fingerprint: 'run A' })).toBe(false);
    expect(store.list('')).toEqual([]);
    const first = BlockLedger.open(store, { fingerprint: 'run A' });
    expect(first.created).toBe(true);
    first.markDone('t0-r0-c0');
    const before = store.list('').map((k) => [k, Buffer.from(store.get(k)!).toString()]);
    expect(BlockLedger.check(store, { fingerprint: 'run A' })).toBe(true);
    expect(() => BlockLedger.check(store, { fingerprint: 'run B' })).toThrow(/other inputs or parameters/);
    expect(() => BlockLedger.open(store, { fingerprint: 'run B' })).toThrow(/other inputs or parameters/);
    expect(store.list('').map((k) => [k, Buffer.from(store.get(k)!).toString()])).toEqual(before);
    expect(BlockLedger.open(store, { fingerprint: 'run A' }).created).toBe(false);
  });
});
