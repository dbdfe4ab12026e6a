/**
 * The bridge ops of build_mosaic: `mosaicOpen` creates (or reopens) the output for a
 * planned job and keeps the run in the worker; `mosaicBlock` builds one block of it; and
 * `mosaicClose` forgets it. The job crosses the bridge once, blocks only by index.
 */
import { InternalError } from '../errors.js';
import { loadZstdEncoder } from '../zarr/zstd.js';
import type { MosaicJob } from './mosaic-job.js';
import { MosaicRun, type BlockRow } from './mosaic-run.js';

const runs = new Map<number, MosaicRun>();
let nextId = 1;

/** Arguments of `mosaicOpen`. */
export interface MosaicOpenArgs {
  readonly job: MosaicJob;
  readonly progress: boolean;
}

/** Arguments of `mosaicBlock`. */
export interface MosaicBlockArgs {
  readonly run: number;
  readonly time: number;
  readonly block: number;
}

function runOf(id: number): MosaicRun {
  const run = runs.get(id);
  if (!run) throw new InternalError({ reason: `mosaic run ${id} is not open in the bridge worker` });
  return run;
}

/** Creates (or reopens) the output of a planned job and keeps its run; returns the run's id. */
export async function openMosaicRun(args: MosaicOpenArgs): Promise<number> {
  await loadZstdEncoder();
  const id = nextId++;
  runs.set(id, new MosaicRun(args.job, args.progress));
  return id;
}

/** Builds one block of an open run. */
export function runMosaicBlock(args: MosaicBlockArgs): Promise<BlockRow> {
  return runOf(args.run).runBlock(args.time, args.block);
}

/** Forgets a run. */
export function closeMosaicRun(id: number): boolean {
  return runs.delete(id);
}
