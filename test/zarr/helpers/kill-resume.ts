/**
 * The kill-and-resume check of the blockwise SQL steps (build_mosaic, predict_block): run a
 * script, SIGKILL it once some blocks are marked done in its ledger, and after the rerun
 * check that exactly those blocks were skipped and their markers never rewritten.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { runScript } from './child.js';

const markerDir = (out: string) => path.join(out, '.rasterduck', 'blocks');

/** The ids of the blocks marked done in the ledger of `out`, sorted. */
export const doneBlocks = (out: string): string[] =>
  existsSync(markerDir(out)) ? readdirSync(markerDir(out)).filter((f) => f.endsWith('.done')).map((f) => f.slice(0, -5)).sort() : [];

const stampsOf = (out: string, ids: readonly string[]): number[] => ids.map((id) => statSync(path.join(markerDir(out), `${id}.done`)).mtimeMs);

/** A run of `script` killed after `after` blocks; what it finished, and when their markers were written. */
export interface KilledRun {
  /** The killed process's id (now dead). */
  readonly pid: number;
  readonly done: string[];
  readonly stamps: number[];
}

/** Starts `script` (a path relative to this folder) with `args`, and SIGKILLs it once `after` blocks of `out` are done. */
export async function killAfterBlocks(script: string, args: readonly string[], out: string, after = 10): Promise<KilledRun> {
  const child = runScript(script, args);
  while (doneBlocks(out).length < after) await sleep(5);
  child.process.kill('SIGKILL');
  expect(await child.exited).toBe('SIGKILL');
  const done = doneBlocks(out);
  return { pid: child.process.pid as number, done, stamps: stampsOf(out, done) };
}

/** Checks a rerun's result lines ('<block id> ... skipped (done)') against the killed run: the same blocks skipped, markers untouched. */
export function expectResumed(killed: KilledRun, lines: readonly string[], out: string): void {
  const skipped = lines.filter((l) => l.endsWith('skipped (done)')).map((l) => l.split(' ')[0]).sort();
  expect(skipped).toEqual(killed.done);
  expect(stampsOf(out, killed.done)).toEqual(killed.stamps);
}
