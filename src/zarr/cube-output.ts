/**
 * The output of a blockwise run (build_mosaic, predict_block): a raster cube and its block
 * ledger, opened so that a run that is refused changes no byte of what is there.
 *
 * Order: (1) read only: another run's claim, or another cube without a claim, refuses the
 * run; (2) the claim (`.rasterduck/run.json` with the run's fingerprint), created only if
 * absent in one atomic step: of two runs started together one claims, the other finds that
 * claim and is refused (or, with the same fingerprint, joins: it writes the same bytes);
 * (3) only then the cube's metadata and coordinates, each file atomically. So the metadata
 * can only ever be the claimant's, and the pixels are too (the ledger refuses other runs).
 */
import { InputError } from '../errors.js';
import type { ArrayWriter } from './array-writer.js';
import { BlockLedger } from './block-ledger.js';
import type { FileSystemStore } from './fs-store.js';
import { cubeConflicts, planRasterCube, writeRasterCube, type RasterCubeSpec } from './raster-cube.js';

/** What a run needs to claim its output. */
export interface CubeOutputOptions {
  /** A digest of everything that decides the pixels (see BlockLedger). */
  readonly fingerprint: string;
  /** Replace another run's output instead of refusing it. */
  readonly overwrite: boolean;
}

/** A claimed output: the data array's writer and the run's ledger. */
export interface CubeOutput {
  readonly writer: ArrayWriter;
  readonly ledger: BlockLedger;
}

/**
 * Claims `store` for a run and (re)creates its cube, removing temp files that killed
 * writers left in it. Nothing is written when the run is refused.
 * @throws InputError when the output belongs to another run or holds another cube (unless
 *   `overwrite`), or for an invalid spec (before any I/O).
 */
export function claimCubeOutput(store: FileSystemStore, spec: RasterCubeSpec, options: CubeOutputOptions): CubeOutput {
  const plan = planRasterCube(spec);
  const ledgerOptions = { fingerprint: options.fingerprint, reset: options.overwrite };
  const claimed = BlockLedger.check(store, ledgerOptions);
  // an unclaimed cube (written by hand, or by another tool) is refused before it gets a claim
  if (!claimed && !options.overwrite) refuseConflicts(store, cubeConflicts(store, plan));
  const claimedAt = Date.now();
  const ledger = BlockLedger.open(store, ledgerOptions);
  // Temp files older than a claim this run created from nothing are leftovers whatever
  // their pid says (no claimed run was writing); otherwise only dead writers' files are:
  // a live writer of the same run, or one that joined it, may be mid-write.
  store.removeStaleTemps(ledger.created ? { olderThanMs: claimedAt } : {});
  return { writer: writeRasterCube(store, plan, { overwrite: options.overwrite }), ledger };
}

function refuseConflicts(store: FileSystemStore, conflicts: readonly string[]): void {
  if (conflicts.length === 0) return;
  throw new InputError({
    url: store.url,
    reason: `the output holds another cube, written without a run's claim (${conflicts.slice(0, 3).join(', ')} differ)`,
    hint: 'Write to another output, delete it, or pass overwrite to replace it',
  });
}
