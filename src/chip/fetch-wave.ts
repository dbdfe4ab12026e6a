/**
 * The block bytes of a batch of chip reads: every range of every row, deduplicated and
 * grouped by file, fetched in one concurrent wave (one `read` call per file, so the reader
 * coalesces neighbouring blocks across rows). Decoding them is batch-blocks.ts's job.
 */
import { FormatError, fromErrorRecord, toErrorRecord, type ErrorRecord } from '../errors.js';
import { waveBudget } from '../io/byte-budget.js';
import { openReader } from '../io/open-reader.js';
import type { Outcome } from '../io/outcome.js';
import type { ByteRange } from '../io/range-reader.js';
import type { BlockNeed } from '../planner/tiles-for-window.js';
import type { BlockCache } from './batch-blocks.js';
import type { ChipRequest } from './chip.js';
import type { ChipPlan } from './plan-chip.js';

/** One file's share of the wave: distinct ranges, and each range's position by key. */
interface FileRanges {
  readonly ranges: ByteRange[];
  readonly slot: Map<string, number>;
}

/** What came back for one file: one buffer per range, or why not. */
interface FileBytes {
  readonly slot: ReadonlyMap<string, number>;
  readonly bytes: (Uint8Array | undefined)[];
  readonly error?: ErrorRecord;
}

/** The bytes of the wave by URL. */
export type Fetched = ReadonlyMap<string, FileBytes>;

const rangeKey = (n: BlockNeed): string => `${n.offset}:${n.length}`;

/** The blocks of a plan to fetch: not sparse, and data blocks only when the batch does not hold them decoded already. */
function needsOf(plan: ChipPlan, url: string, cache: BlockCache): BlockNeed[] {
  const data = plan.dataBlocks.filter((n) => !n.sparse && !cache.holdsData(url, n));
  return [...data, ...plan.maskBlocks.filter((n) => !n.sparse)];
}

/** Groups the blocks of every planned row that `cache` lacks by file, each distinct range once. */
export function planRanges(plans: readonly Outcome<ChipPlan | null>[], requests: readonly ChipRequest[], cache: BlockCache): Map<string, FileRanges> {
  const files = new Map<string, FileRanges>();
  plans.forEach((p, i) => {
    if (!p.ok || !p.value) return;
    const url = requests[i].url;
    let file = files.get(url);
    if (!file) files.set(url, (file = { ranges: [], slot: new Map() }));
    for (const need of needsOf(p.value, url, cache)) {
      const key = rangeKey(need);
      if (!file.slot.has(key)) file.slot.set(key, file.ranges.push({ offset: need.offset, length: need.length }) - 1);
    }
  });
  return files;
}

/**
 * Reads every file's ranges concurrently, within this worker's byte budget
 * (RASTERDUCK_WAVE_MB: a file waits for its share before it is fetched); a file that fails
 * keeps its error for its rows. `onFile` is called as each file's bytes (or error) arrive,
 * with the bytes so far (that file's included), and must finish the file's rows: once it
 * has settled the file's bytes are dropped.
 */
export async function fetchWave(files: ReadonlyMap<string, FileRanges>, onFile: (url: string, fetched: Fetched) => Promise<void> | void): Promise<void> {
  const fetched = new Map<string, FileBytes>();
  const budget = waveBudget();
  await Promise.all(
    [...files].map(async ([url, f]) => {
      const bytes = f.ranges.reduce((n, r) => n + r.length, 0);
      await budget.take(bytes);
      try {
        let got: FileBytes;
        if (f.ranges.length === 0) got = { slot: f.slot, bytes: [] };
        else {
          try {
            got = { slot: f.slot, bytes: await openReader(url).read(f.ranges) };
          } catch (e) {
            got = { slot: f.slot, bytes: [], error: toErrorRecord(e, url) };
          }
        }
        fetched.set(url, got);
        await onFile(url, fetched);
      } finally {
        // consumed: the file's bytes go, and its share of the budget with them
        fetched.delete(url);
        budget.give(bytes);
      }
    }),
  );
}

/** What came back for a block's range, whole or short; undefined when nothing did. */
function rangeBytes(file: FileBytes | undefined, need: BlockNeed): Uint8Array | undefined {
  return file?.bytes[file.slot.get(rangeKey(need)) ?? -1];
}

/** The fetched bytes of a block, whole; undefined when its file failed or they came back short. */
export function fetchedBytes(url: string, need: BlockNeed, fetched: Fetched): Uint8Array | undefined {
  const file = fetched.get(url);
  const bytes = file?.error ? undefined : rangeBytes(file, need);
  return bytes && bytes.length >= need.length ? bytes : undefined;
}

/** The fetched bytes of a block. @throws the file's fetch error, or FormatError when they came back short. */
export function bytesOf(url: string, need: BlockNeed, fetched: Fetched, what: string): Uint8Array {
  const file = fetched.get(url);
  if (file?.error) throw fromErrorRecord(file.error);
  const bytes = rangeBytes(file, need);
  if (!bytes || bytes.length < need.length) {
    throw new FormatError({
      url,
      reason: `${what} ${need.index} is cut short: ${bytes?.length ?? 0} of its ${need.length} bytes at offset ${need.offset} exist; the file is truncated`,
      hint: 'Download or write the file again',
    });
  }
  return bytes;
}
