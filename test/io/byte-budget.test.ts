// The byte cap on a wave's fetched bytes: holds at most the cap, serves waiters in order, lets an oversized request go alone.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { ByteBudget, waveBytes } from '../../src/io/byte-budget.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('ByteBudget', () => {
  it('holds at most the cap, in order, and lets a request above the cap go once nothing else is held', async () => {
    const b = new ByteBudget(100);
    const order: string[] = [];
    await b.take(60);
    const second = b.take(50).then(() => order.push('50'));
    const third = b.take(10).then(() => order.push('10')); // fits, but waits its turn behind 50
    const big = b.take(500).then(() => order.push('500'));
    await tick();
    expect(order).toEqual([]);
    expect(b.heldBytes).toBe(60);
    b.give(60);
    await Promise.all([second, third]);
    expect(order).toEqual(['50', '10']);
    expect(b.heldBytes).toBe(60);
    b.give(50);
    await tick();
    expect(order).toEqual(['50', '10']); // 500 still waits for the last 10
    b.give(10);
    await big;
    expect(order).toEqual(['50', '10', '500']);
    expect(b.heldBytes).toBe(500);
  });

  it('reads RASTERDUCK_WAVE_MB', () => {
    expect(waveBytes({})).toBe(64 * 1024 * 1024);
    expect(waveBytes({ RASTERDUCK_WAVE_MB: '0.5' })).toBe(512 * 1024);
    expect(() => waveBytes({ RASTERDUCK_WAVE_MB: '0' })).toThrow(InputError);
    expect(() => waveBytes({ RASTERDUCK_WAVE_MB: 'lots' })).toThrow(/RASTERDUCK_WAVE_MB=lots/);
  });
});
