/**
 * The bridge worker's heartbeat, written into the shared state while requests are in
 * flight: a beat counter (the worker's event loop turns), an I/O progress number (from the
 * I/O counters) and how long a probe of libuv's thread pool has waited. From these the
 * waiting main thread (bridge-watch.ts) tells a busy worker from one stuck on the pool.
 */
import { stat } from 'node:fs';
import { BEAT_MS, SLOT_BEAT, SLOT_POOL_WAIT_MS, SLOT_PROGRESS } from './bridge-protocol.js';
import { ioStats } from '../io/counted.js';

/** Brackets the requests in flight: the beat runs from the first begin to the last end. */
export interface Beat {
  begin(): void;
  end(): void;
}

/** A heartbeat writing into `state` (the bridge's shared Int32 slots). */
export function startBeat(state: Int32Array): Beat {
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;
  let probeSince: number | undefined;

  const tick = () => {
    Atomics.add(state, SLOT_BEAT, 1);
    const s = ioStats();
    Atomics.store(state, SLOT_PROGRESS, (s.requests + s.bytes + s.errors + s.retries) | 0);
    if (probeSince === undefined) {
      // one cheap pool job at a time: if it waits, so would any of ours that used the pool
      const since = (probeSince = Date.now());
      stat('/', () => {
        if (probeSince === since) probeSince = undefined;
      });
    }
    Atomics.store(state, SLOT_POOL_WAIT_MS, probeSince === undefined ? 0 : Math.min(Date.now() - probeSince, 2 ** 31 - 1));
  };

  return {
    begin() {
      if (inFlight++ === 0) timer = setInterval(tick, BEAT_MS).unref();
    },
    end() {
      if (--inFlight > 0) return;
      clearInterval(timer);
      timer = undefined;
    },
  };
}
