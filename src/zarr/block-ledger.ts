/**
 * Which blocks of a blockwise run are finished, kept in the output itself so a killed run
 * resumes where it stopped. A block counts as done only through its marker
 * (`.rasterduck/blocks/<id>.done`), written atomically after the block's data is durable
 * (the store's `set` returns only then). A run killed between the two rewrites that block
 * on restart, with identical bytes, so at worst one block per writer is redone.
 *
 * The ledger remembers what the run was (`.rasterduck/run.json`, a caller-chosen
 * fingerprint of its inputs and parameters): a rerun with other inputs must not skip
 * blocks computed from different data. That file is also the run's claim on the output,
 * created only if absent, before the run writes anything else (see cube-output.ts), so a
 * refused run or the loser of a race changes nothing. Zarr readers ignore the
 * `.rasterduck` folder (it holds no zarr.json).
 */
import { InputError } from '../errors.js';
import { getJson, setJson, type Store } from './store.js';

const encoder = new TextEncoder();

/** The folder of the ledger inside the output store. */
export const LEDGER_PREFIX = '.rasterduck';

const RUN_KEY = `${LEDGER_PREFIX}/run.json`;
const BLOCKS = `${LEDGER_PREFIX}/blocks/`;
const DONE = '.done';
const SAFE_ID = /^[A-Za-z0-9._-]{1,200}$/;

/** Options for {@link BlockLedger.open}. */
export interface LedgerOptions {
  /** Identifies the run's inputs and parameters; a ledger with another one is refused (or reset). */
  readonly fingerprint: string;
  /** Forget blocks done by a run with another fingerprint instead of refusing (their data will be overwritten). */
  readonly reset?: boolean;
}

/** The done-block markers of one output. */
export class BlockLedger {
  /**
   * @param created true when this open created the claim on an output that had none (no
   *   other run, live or dead, ever claimed it); false when it joined or replaced one.
   */
  private constructor(private readonly store: Store, private readonly done: Set<string>, readonly created: boolean) {}

  /**
   * Whether `store` is claimed by a run with this fingerprint (true), by none (false), read
   * only: call it before writing anything into an output, so a refused run changes nothing.
   * @throws InputError when another run's claim is there and `reset` is not set.
   */
  static check(store: Store, options: LedgerOptions): boolean {
    const run = readClaim(store);
    if (run !== undefined && run.fingerprint !== options.fingerprint && !options.reset) throw refusal(store);
    return run?.fingerprint === options.fingerprint;
  }

  /**
   * Claims `store` for the run and opens its ledger. The claim is `run.json`, created only
   * if absent in one atomic step, so of two runs started together on one output exactly one
   * claims it; the other then finds the winner's claim: the same fingerprint joins the run
   * (it writes the same bytes), another one is refused. With `reset`, another run's claim
   * is replaced after its markers are removed (a kill in between leaves no marker of it).
   * @throws InputError when the store is claimed by a run with another fingerprint and `reset` is not set.
   */
  static open(store: Store, options: LedgerOptions): BlockLedger {
    const claim = encodeClaim(options.fingerprint);
    const created = store.setIfAbsent(RUN_KEY, claim);
    if (!created) {
      const run = readClaim(store);
      if (run?.fingerprint !== options.fingerprint) {
        if (!options.reset) throw refusal(store);
        for (const key of store.list(BLOCKS)) store.delete(key);
        store.set(RUN_KEY, claim);
      }
    }
    const done = store.list(BLOCKS).filter((k) => k.endsWith(DONE)).map((k) => k.slice(BLOCKS.length, -DONE.length));
    return new BlockLedger(store, new Set(done), created);
  }

  /** True once {@link markDone} ran for `id` (in this run or a previous one). */
  isDone(id: string): boolean {
    return this.done.has(id);
  }

  /**
   * Records that block `id` is finished. Call it only after the block's data is written
   * (the marker is what makes the block count as done).
   * @param info a small JSON-able record kept in the marker (e.g. bytes written), for inspection.
   * @throws InputError when the id holds characters other than letters, digits, `.`, `_` and `-`.
   */
  markDone(id: string, info: Readonly<Record<string, unknown>> = {}): void {
    if (!SAFE_ID.test(id)) {
      throw new InputError({ reason: `block id '${id}' is not a safe file name`, hint: 'Use letters, digits, ".", "_" and "-", e.g. t0-b1-r2-c3' });
    }
    setJson(this.store, `${BLOCKS}${id}${DONE}`, { id, ...info });
    this.done.add(id);
  }

  /** The blocks not done yet, in the given order. */
  pending<T>(blocks: readonly T[], idOf: (block: T) => string): T[] {
    return blocks.filter((b) => !this.done.has(idOf(b)));
  }

  /** Every done block id, sorted. */
  doneIds(): string[] {
    return [...this.done].sort();
  }
}

function readClaim(store: Store): { fingerprint?: string } | undefined {
  return getJson(store, RUN_KEY) as { fingerprint?: string } | undefined;
}

// the same text setJson writes, so older outputs' claims read the same
function encodeClaim(fingerprint: string): Uint8Array {
  return encoder.encode(`${JSON.stringify({ fingerprint }, null, 2)}\n`);
}

function refusal(store: Store): InputError {
  return new InputError({
    url: store.url,
    reason: 'the output holds blocks of a run with other inputs or parameters (or such a run is writing it)',
    hint: 'Write to another output, delete it, or pass overwrite to start again',
  });
}
