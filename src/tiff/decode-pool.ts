/**
 * Decoding many blocks across cores: worker threads take chunks of jobs from a queue while
 * the calling thread decodes jobs from the same queue, so N - 1 workers plus the caller
 * keep N cores busy. Small batches stay on the calling thread, where a worker's round trip
 * would cost more than it saves (see DEFAULT_INLINE_BELOW_BYTES).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workersSharing } from '../io/worker-share.js';
import { asRasterduckError, fromErrorRecord, InputError, type RasterduckError } from '../errors.js';
import { decodeBlock, prepareCodec, type DecodedBlock } from './decode-block.js';
import { packRequest, STARTUP_FAILURE_ID, type DecodeJob, type DecodeReply } from './decode-protocol.js';
import { decodeWorkerSource } from './decode-worker-start.js';

export type { DecodeJob } from './decode-protocol.js';

/**
 * Batches that decode to fewer bytes than this stay on the calling thread. A batch's round
 * trip through a worker (copy in, clone, transfer out, wake-up) costs ~0.25 ms here
 * (bench/decode-crossover.ts: two 64 px tiles take 0.10 ms inline, 0.3 ms pooled), and
 * with a spare core the pool halves the rest: it pays once the batch decodes for ~0.5 ms,
 * ~150-250 KiB at these codecs' 300-600 MB/s.
 */
export const DEFAULT_INLINE_BELOW_BYTES = 256 * 1024;
/** Chunks a worker may hold at once, so it never idles while the caller is busy decoding. */
const CHUNKS_IN_FLIGHT = 2;

/** Settings of a {@link DecodePool}. */
export interface DecodePoolOptions {
  /** Worker threads; 0 decodes everything on the calling thread. Default {@link decodeThreads}(). */
  readonly threads?: number;
  /** Batches decoding to fewer bytes stay on the calling thread. Default {@link DEFAULT_INLINE_BELOW_BYTES}. */
  readonly inlineBelowBytes?: number;
  /**
   * Whether the calling thread decodes a share of a spread batch (default true). The I/O
   * worker says no: its event loop must keep receiving bytes and assembling rows while the
   * pool decodes, and the thread it would decode on waits in DuckDB's callback anyway.
   */
  readonly callerDecodes?: boolean;
}

/**
 * Worker threads for decoding: RASTERDUCK_DECODE_THREADS when set (0 or more), otherwise
 * one less than the cores Node may use when the calling thread decodes too (else one per
 * core), at least 1.
 * @throws InputError when RASTERDUCK_DECODE_THREADS is not a whole number >= 0.
 */
export function decodeThreads(env: NodeJS.ProcessEnv = process.env, callerDecodes = true): number {
  const raw = env.RASTERDUCK_DECODE_THREADS;
  if (raw === undefined || raw === '') return Math.max(1, availableParallelism() - (callerDecodes ? 1 : 0));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new InputError({ reason: `RASTERDUCK_DECODE_THREADS=${raw} is not a whole number >= 0`, hint: 'Unset it for the default (cores - 1), or set 0 to decode on the calling thread' });
  }
  return n;
}

/** Decoded bytes a job will yield, to size batches before decoding. */
function decodedBytesOf(job: DecodeJob): number {
  const { image } = job;
  const samples = image.planarConfiguration === 2 ? 1 : image.samplesPerPixel;
  return (job.blockWidth ?? image.blockWidth) * (job.blockHeight ?? image.blockHeight) * samples * ((image.bitsPerSample[0] ?? 8) / 8);
}

interface Slot {
  readonly worker: Worker;
  inFlight: number;
  readonly waiting: Map<number, (reply: DecodeReply) => void>;
}

/** Worker threads that decode blocks; started on first use, and never keeping the process alive while idle. */
export class DecodePool {
  readonly threads: number;
  readonly inlineBelowBytes: number;
  readonly callerDecodes: boolean;
  private slots: Slot[] = [];
  private readonly queue: { readonly jobs: readonly DecodeJob[]; readonly onReply: (reply: DecodeReply) => void }[] = [];
  private nextId = STARTUP_FAILURE_ID + 1;

  /** @throws InputError for a bad RASTERDUCK_DECODE_THREADS when `threads` is not given. */
  constructor(options: DecodePoolOptions = {}) {
    this.callerDecodes = options.callerDecodes ?? true;
    this.threads = options.threads ?? decodeThreads(process.env, this.callerDecodes);
    this.inlineBelowBytes = options.inlineBelowBytes ?? DEFAULT_INLINE_BELOW_BYTES;
  }

  /**
   * Starts every worker and resolves once each has loaded its code (an empty batch answered).
   * A thread that must not wait on libuv's pool later (the I/O worker running from
   * TypeScript sources, whose loader reads files there) warms the pool while it may.
   */
  async warm(): Promise<void> {
    if (this.threads === 0) return;
    await Promise.all(this.workers().map((slot) => new Promise<void>((resolve) => this.send(slot, [], () => resolve()))));
  }

  /**
   * Decodes every job as decodeBlock would, in order. The calling thread decodes a share
   * itself, one block at a time between turns of its event loop. The jobs' bytes are
   * copied, never moved: the caller keeps them. Rejects with the first failing job's error (FormatError
   * naming its url and block, as decodeBlock throws it), or InternalError when a worker dies.
   */
  async decode(jobs: readonly DecodeJob[]): Promise<DecodedBlock[]> {
    for (const c of new Set(jobs.map((j) => j.image.compression))) await prepareCodec(c, jobs.find((j) => j.image.compression === c)?.url);
    const total = jobs.reduce((n, j) => n + decodedBytesOf(j), 0);
    if (this.threads === 0 || jobs.length < 2 || total < this.inlineBelowBytes) return jobs.map(decodeInline);
    return this.callerDecodes ? this.spread(jobs) : this.enqueue(jobs);
  }

  /** Stops the workers; the next batch starts new ones. */
  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /**
   * The batch in chunks on the pool's queue, which every worker drains: batches decoded
   * concurrently (one per file as its bytes arrive) share the workers in arrival order.
   */
  private enqueue(jobs: readonly DecodeJob[]): Promise<DecodedBlock[]> {
    const chunk = Math.max(1, Math.min(16, Math.ceil(jobs.length / (this.threads * CHUNKS_IN_FLIGHT))));
    const results: DecodedBlock[] = new Array(jobs.length);
    return new Promise((resolve, reject) => {
      let left = 0;
      let failed = false;
      for (let first = 0; first < jobs.length; first += chunk) {
        left++;
        this.queue.push({
          jobs: jobs.slice(first, first + chunk),
          onReply: (reply) => {
            if (failed) return;
            if (!reply.ok) {
              failed = true;
              reject(fromErrorRecord(reply.error));
            } else {
              reply.blocks.forEach((b, i) => (results[first + i] = b));
              if (--left === 0) resolve(results);
            }
          },
        });
      }
      this.pump();
    });
  }

  /** Hands queued chunks to workers, the least busy first, up to CHUNKS_IN_FLIGHT each. */
  private pump(): void {
    const slots = this.workers();
    for (let level = 0; level < CHUNKS_IN_FLIGHT; level++) {
      for (const slot of slots) {
        const next = slot.inFlight <= level ? this.queue.shift() : undefined;
        if (next) this.send(slot, next.jobs, (reply) => {
          next.onReply(reply);
          this.pump();
        });
      }
    }
  }

  private spread(jobs: readonly DecodeJob[]): Promise<DecodedBlock[]> {
    const slots = this.workers();
    const results: DecodedBlock[] = new Array(jobs.length);
    // small enough that the last chunks end together, big enough to pay for a message
    const chunk = Math.max(1, Math.min(16, Math.floor(jobs.length / ((slots.length + 1) * 4))));
    let next = 0;
    let outstanding = 0;
    let failed = false;
    return new Promise((resolve, reject) => {
      const fail = (e: RasterduckError): void => {
        if (!failed) reject(e);
        failed = true;
      };
      const finishIfDone = (): void => {
        if (!failed && next >= jobs.length && outstanding === 0) resolve(results);
      };
      const feed = (slot: Slot, inFlight: number): void => {
        while (!failed && slot.inFlight < inFlight && next < jobs.length) {
          const first = next;
          next = Math.min(jobs.length, next + chunk);
          outstanding++;
          this.send(slot, jobs.slice(first, next), (reply) => {
            outstanding--;
            if (reply.ok) reply.blocks.forEach((b, i) => (results[first + i] = b));
            else fail(fromErrorRecord(reply.error));
            feed(slot, CHUNKS_IN_FLIGHT);
            finishIfDone();
          });
        }
      };
      // one chunk each first, so the calling thread gets work even from a small batch;
      // topping up to CHUNKS_IN_FLIGHT after each of its jobs keeps the workers busy
      slots.forEach((slot) => feed(slot, 1));
      const topUp = (): void => slots.forEach((slot) => feed(slot, CHUNKS_IN_FLIGHT));
      void this.decodeHere(jobs, results, () => (failed || next >= jobs.length ? -1 : next++), topUp).then(finishIfDone, fail);
    });
  }

  /** The caller's share: one job at a time from the queue, yielding between jobs so worker replies are fed at once. */
  private async decodeHere(jobs: readonly DecodeJob[], results: DecodedBlock[], take: () => number, afterEach: () => void): Promise<void> {
    for (let i = take(); i >= 0; i = take()) {
      results[i] = decodeInline(jobs[i]);
      afterEach();
      await new Promise((r) => setImmediate(r));
    }
  }

  private send(slot: Slot, jobs: readonly DecodeJob[], onReply: (reply: DecodeReply) => void): void {
    const req = packRequest(this.nextId++, jobs);
    slot.waiting.set(req.id, onReply);
    // a worker with work in hand keeps the process alive (an awaited batch must finish); idle, it does not
    if (slot.inFlight++ === 0) slot.worker.ref();
    slot.worker.postMessage(req, [req.bytes]);
  }

  private workers(): Slot[] {
    while (this.slots.length < this.threads) this.slots.push(this.start());
    return this.slots;
  }

  private start(): Slot {
    const worker = new Worker(decodeWorkerSource(), { eval: true });
    worker.unref();
    const slot: Slot = { worker, inFlight: 0, waiting: new Map() };
    const lose = (reason: string): void => {
      this.slots = this.slots.filter((s) => s !== slot);
      const error = { kind: 'internal' as const, reason, hint: 'This is a bug in rasterduck (or a broken install); please report it with this message' };
      for (const [id, onReply] of slot.waiting) onReply({ id, ok: false, error });
      slot.waiting.clear();
    };
    worker.on('message', (reply: DecodeReply) => {
      if (reply.id === STARTUP_FAILURE_ID && !reply.ok) {
        lose(`the decode worker failed to start: ${reply.error.reason}`);
        return;
      }
      const onReply = slot.waiting.get(reply.id);
      slot.waiting.delete(reply.id);
      if (--slot.inFlight === 0) worker.unref();
      onReply?.(reply);
    });
    worker.on('error', (e) => lose(`the decode worker crashed: ${e.message}`));
    worker.on('exit', (code) => lose(`the decode worker exited (code ${code})`));
    return slot;
  }
}

/** Decodes on this thread; a bug escaping as a plain Error becomes an InternalError naming the file, as in a worker. */
function decodeInline(job: DecodeJob): DecodedBlock {
  try {
    return decodeBlock(job.bytes, job.image, job);
  } catch (e) {
    throw asRasterduckError(e, job.url);
  }
}

let shared: DecodePool | undefined;
let forReads: DecodePool | undefined;

/**
 * The pool an I/O worker's reads decode on (chips, zonal statistics): its share of the
 * cores, at least 1 (RASTERDUCK_DECODE_THREADS overrides; 0 decodes on the I/O worker),
 * so the I/O worker stays free to receive bytes and assemble rows while the pool decodes.
 * A DuckDB chunk whose rows all read one file (read_chip(nir, geom) over one scene) runs on
 * one I/O worker; its decode thread then takes the other core.
 * @throws InputError for a bad RASTERDUCK_DECODE_THREADS.
 */
export function readDecodePool(): DecodePool {
  forReads ??= new DecodePool({
    callerDecodes: false,
    threads: process.env.RASTERDUCK_DECODE_THREADS ? decodeThreads() : Math.max(1, Math.round(availableParallelism() / workersSharing())),
  });
  return forReads;
}

/**
 * Decodes blocks on every core with the process-wide pool (threads from
 * {@link decodeThreads}), in order; see {@link DecodePool.decode} for what it throws.
 */
export function decodeBlocks(jobs: readonly DecodeJob[]): Promise<DecodedBlock[]> {
  shared ??= new DecodePool();
  return shared.decode(jobs);
}
