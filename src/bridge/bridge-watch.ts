/**
 * How long a blocked runSync keeps waiting, and why it gives up: the worker stopped, never
 * started, is stuck waiting for libuv's thread pool, or ran past the call timeout. A busy
 * worker (its I/O moving on, or its thread computing) is waited for; a stuck one is not.
 */
import { BEAT_MS, WorkerState } from './bridge-protocol.js';

/** What the waiting call reads of the worker's shared state at one moment. */
export interface WorkerSnapshot {
  readonly state: number;
  readonly beat: number;
  readonly progress: number;
  readonly poolWaitMs: number;
}

/** The limits of one call, in milliseconds. */
export interface WatchLimits {
  /** Longest wait for one reply, however busy the worker is. */
  readonly callTimeoutMs: number;
  /** Longest wait for a worker to load its code. */
  readonly startupTimeoutMs: number;
  /** Longest wait with the worker idle, no I/O moving and its thread-pool probe unanswered. */
  readonly stallTimeoutMs: number;
}

/** Why a call gives up: the error's reason and hint. */
export interface Verdict {
  readonly why: string;
  readonly hint: string;
}

const BUG_HINT = 'This is a bug in rasterduck (or a broken install); please report it with this message';
/** A worker whose heartbeat is older than this is computing, not waiting. */
const LOOP_ALIVE_MS = 8 * BEAT_MS;

/** libuv's thread pool size for this process: UV_THREADPOOL_SIZE when set, else libuv's default of 4. */
export function threadPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.UV_THREADPOOL_SIZE);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 1024) : 4;
}

/** Watches one waiting call; feed it a snapshot at every wake-up. */
export class CallWatch {
  private readonly start: number;
  private last: WorkerSnapshot | undefined;
  private lastBeatAt: number;
  private lastProgressAt: number;

  constructor(private readonly limits: WatchLimits, now: number) {
    this.start = this.lastBeatAt = this.lastProgressAt = now;
  }

  /** Undefined while the call should keep waiting, else why it must give up. */
  check(s: WorkerSnapshot, now: number): Verdict | undefined {
    if (this.last && s.beat !== this.last.beat) this.lastBeatAt = now;
    if (this.last && s.progress !== this.last.progress) this.lastProgressAt = now;
    this.last = s;
    const waited = now - this.start;
    if (s.state === WorkerState.Exited) return { why: 'the I/O worker stopped before answering', hint: BUG_HINT };
    if (s.state === WorkerState.Starting) return waited > this.limits.startupTimeoutMs ? this.notStarted() : undefined;
    if (this.stuckOnPool(s, now)) return this.poolVerdict(s);
    if (waited > this.limits.callTimeoutMs) return this.timedOut(s, now);
    return undefined;
  }

  private stuckOnPool(s: WorkerSnapshot, now: number): boolean {
    const loopAlive = now - this.lastBeatAt <= LOOP_ALIVE_MS;
    return loopAlive && s.poolWaitMs >= this.limits.stallTimeoutMs && now - this.lastProgressAt >= this.limits.stallTimeoutMs;
  }

  private notStarted(): Verdict {
    return {
      why: `the I/O worker did not start within ${this.limits.startupTimeoutMs} ms`,
      hint: `A worker starts in well under a second; if many queries were running at once, libuv's thread pool (UV_THREADPOOL_SIZE=${threadPoolSize()}) may have been full. ${BUG_HINT}`,
    };
  }

  private poolVerdict(s: WorkerSnapshot): Verdict {
    const n = threadPoolSize();
    return {
      why: `the I/O worker has waited ${Math.round(s.poolWaitMs / 1000)} s for a thread of libuv's pool (UV_THREADPOOL_SIZE=${n}) with no I/O moving: each pool thread is likely a DuckDB query waiting for this one`,
      hint: `Run fewer than ${n} queries at once in this process, or start node with UV_THREADPOOL_SIZE above the number of concurrent queries (at most 1024). rasterduck's own I/O does not use that pool, so please also report this with the query (RASTERDUCK_BRIDGE_STALL_MS=${this.limits.stallTimeoutMs} sets this limit)`,
    };
  }

  private timedOut(s: WorkerSnapshot, now: number): Verdict {
    const ago = (t: number) => `${Math.round((now - t) / 1000)} s ago`;
    const moved = this.lastProgressAt > this.start ? `its I/O last moved on ${ago(this.lastProgressAt)}` : 'no I/O moved on during the wait';
    const pool = s.poolWaitMs > 0 ? `, and libuv's thread pool had not answered it for ${Math.round(s.poolWaitMs / 1000)} s` : '';
    const computing = now - this.lastBeatAt > LOOP_ALIVE_MS;
    const doing = computing ? `it was computing without a pause since ${ago(this.lastBeatAt)}` : moved + pool;
    // I/O quiet for most of the wait, and the pool unanswered all that time: the stall's advice fits, not "slow network"
    const quietMs = now - this.lastProgressAt;
    const poolBound = !computing && quietMs >= this.limits.callTimeoutMs / 2 && s.poolWaitMs >= quietMs;
    return {
      why: `the I/O worker did not answer within ${this.limits.callTimeoutMs} ms, the limit RASTERDUCK_BRIDGE_TIMEOUT_MS sets; ${doing}`,
      hint: poolBound ? this.poolVerdict(s).hint : 'Raise RASTERDUCK_BRIDGE_TIMEOUT_MS for very slow networks or very large requests; otherwise this is a bug in rasterduck, please report it',
    };
  }
}
