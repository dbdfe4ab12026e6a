// CallWatch on made-up snapshots: which waits go on, and which limit a call that gives up names.
import { describe, expect, it } from 'vitest';
import { WorkerState } from '../../src/bridge/bridge-protocol.js';
import { CallWatch, threadPoolSize, type WorkerSnapshot } from '../../src/bridge/bridge-watch.js';

const limits = { callTimeoutMs: 60_000, startupTimeoutMs: 30_000, stallTimeoutMs: 10_000 };
const ready = (beat: number, progress: number, poolWaitMs: number): WorkerSnapshot => ({ state: WorkerState.Ready, beat, progress, poolWaitMs });

/** Feeds one snapshot per 500 ms from `make(step)` until a verdict or `steps` run out. */
function watch(steps: number, make: (step: number) => WorkerSnapshot, l = limits) {
  const w = new CallWatch(l, 0);
  for (let i = 1; i <= steps; i++) {
    const v = w.check(make(i), i * 500);
    if (v) return { at: i * 500, ...v };
  }
  return undefined;
}

describe('CallWatch', () => {
  it('waits for a worker whose I/O keeps moving while the pool is full, up to the call timeout', () => {
    const v = watch(200, (i) => ready(i, i, i * 500));
    expect(v?.at).toBe(60_500);
    expect(v?.why).toBe('the I/O worker did not answer within 60000 ms, the limit RASTERDUCK_BRIDGE_TIMEOUT_MS sets; its I/O last moved on 0 s ago, and libuv\'s thread pool had not answered it for 61 s');
    expect(v?.hint).toMatch(/^Raise RASTERDUCK_BRIDGE_TIMEOUT_MS/);
  });

  it('waits for a worker that computes (no beats), even with the pool full', () => {
    const v = watch(200, () => ready(0, 0, 20_000));
    expect(v?.at).toBe(60_500);
    expect(v?.why).toMatch(/; it was computing without a pause since 61 s ago$/);
  });

  it('gives up on a live worker with no I/O moving and the pool not answering, after the stall limit', () => {
    const v = watch(200, (i) => ready(i, 7, i * 500));
    expect(v?.at).toBe(10_000);
    expect(v?.why).toBe(`the I/O worker has waited 10 s for a thread of libuv's pool (UV_THREADPOOL_SIZE=${threadPoolSize()}) with no I/O moving: each pool thread is likely a DuckDB query waiting for this one`);
    expect(v?.hint).toMatch(/^Run fewer than \d+ queries at once in this process, or start node with UV_THREADPOOL_SIZE above the number of concurrent queries/);
  });

  it('does not call a quiet worker stuck while the pool answers it', () => {
    expect(watch(100, (i) => ready(i, 7, 0))).toBeUndefined();
  });

  it('gives the pool advice when the call timeout comes first and the pool is why', () => {
    const v = watch(200, (i) => ready(i, 7, i * 500), { ...limits, stallTimeoutMs: 600_000 });
    expect(v?.why).toMatch(/did not answer within 60000 ms.*no I\/O moved on during the wait, and libuv's thread pool had not answered it for 61 s$/);
    expect(v?.hint).toMatch(/^Run fewer than/);
  });

  it('names a worker that never started, and one that stopped', () => {
    expect(watch(100, () => ({ state: WorkerState.Starting, beat: 0, progress: 0, poolWaitMs: 0 }))?.why).toBe('the I/O worker did not start within 30000 ms');
    expect(watch(1, () => ({ state: WorkerState.Exited, beat: 0, progress: 0, poolWaitMs: 0 }))?.why).toBe('the I/O worker stopped before answering');
  });

  it('reads the pool size as libuv does', () => {
    expect(threadPoolSize({})).toBe(4);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: '16' })).toBe(16);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: '5000' })).toBe(1024);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: 'x' })).toBe(4);
  });
});
