/**
 * The step every wave-reading adapter shares: a chunk's rows split between the I/O
 * workers by file (sync-bridge.ts shardOf), one bridge call per worker, all running at
 * once, then each row's outcome placed in the output column, the first failure (in row
 * order) re-thrown naming its SQL function and row.
 */
import type { ChipRequest, ReadChipRowsArgs } from '../chip/chip.js';
import { asRasterduckError } from '../errors.js';
import { unwrap, type Outcome } from '../io/outcome.js';
import { runSyncEach, shardCount, shardOf, type ShardCall } from '../bridge/sync-bridge.js';

/** A wave's rows as the op takes them: the items, each item's file, and the op's arguments for a share of them. */
export interface Wave<I> {
  readonly items: readonly I[];
  /** The file an item reads (its URL): items of one file go to one worker, where its caches are. */
  readonly fileOf: (item: I) => string;
  /** The op's arguments for some of the items, in the order given; the items themselves by default. */
  readonly argsOf?: (items: readonly I[]) => unknown;
}

/** The items' indices by worker, in order; workers with no item left out. */
function byShard<I>(wave: Wave<I>): Map<number, number[]> {
  const shards = new Map<number, number[]>();
  if (shardCount() === 1) return new Map([[0, wave.items.map((_, i) => i)]]);
  wave.items.forEach((item, i) => {
    const shard = shardOf(wave.fileOf(item));
    const list = shards.get(shard);
    if (list) list.push(i);
    else shards.set(shard, [i]);
  });
  return shards;
}

/**
 * Runs bridge `op` over the wave's items (covering `rows`, in order) and writes each
 * result into `out` at its row. Throws the first row's error with `fn` and the row number.
 */
export function runWave<I, T>(fn: string, op: string, wave: Wave<I>, rows: readonly number[], out: (T | null)[]): void {
  const argsOf = wave.argsOf ?? ((items: readonly I[]) => items);
  const shares = [...byShard(wave)];
  const calls: ShardCall[] = shares.map(([shard, idx]) => ({ shard, op, args: argsOf(idx.map((i) => wave.items[i])) }));
  const outcomes: Outcome<T>[] = new Array(wave.items.length);
  runSyncEach<Outcome<T>[]>(calls).forEach((share, s) => share.forEach((o, k) => (outcomes[shares[s][1][k]] = o)));
  outcomes.forEach((o, i) => {
    try {
      out[rows[i]] = unwrap(o);
    } catch (e) {
      throw asRasterduckError(e).within(fn, rows[i]);
    }
  });
}

/** A wave of chip reads, split by file. */
export function chipWave(requests: readonly ChipRequest[], allTouched: boolean): Wave<ChipRequest> {
  return { items: requests, fileOf: (r) => r.url, argsOf: (share) => ({ requests: share, allTouched }) satisfies ReadChipRowsArgs };
}

/** Sample reads (samplePoints) or header reads (cogMetadata, by URL), split by file. */
export const byUrl = <I extends string | { readonly url: string }>(items: readonly I[]): Wave<I> => ({ items, fileOf: (i) => (typeof i === 'string' ? i : i.url) });
