import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { Limiter } from '../../src/io/limiter.js';

/** A task that stays open until released, so the test decides when slots free up. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { done, open };
}

describe('Limiter', () => {
  it('runs at most max tasks at once, in arrival order', async () => {
    const limiter = new Limiter(2);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => limiter.run(async () => (started.push(i), g.done)));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1].open();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    expect(limiter.running).toBe(2);
    gates[0].open();
    gates[2].open();
    await Promise.all(runs);
    expect(limiter.running).toBe(0);
  });

  it('frees the slot of a failed task and drops an aborted waiter from the queue', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const g = gate();
    const first = limiter.run(() => g.done);
    const abort = new AbortController();
    const queued = limiter.run(async () => 'never', abort.signal);
    abort.abort(new Error('cancelled'));
    await expect(queued).rejects.toThrow('cancelled');
    g.open();
    await first;
    expect(await limiter.run(async () => 'next')).toBe('next');
  });

  it('refuses a limit that is not a positive integer, naming the variable', () => {
    expect(() => new Limiter(0)).toThrow(InputError);
    expect(() => new Limiter(Number('many'))).toThrow(/RASTERDUCK_MAX_CONCURRENCY/);
  });
});
