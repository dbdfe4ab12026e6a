import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSystemStore } from '../../src/zarr/fs-store.js';
import { runScript } from './helpers/child.js';
import { cubeBlocks } from './helpers/cube-fixture.js';
import { tempDir } from './helpers/zarrita-read.js';

const ALL = cubeBlocks().map((b) => b.id);
const tmp = tempDir('resume');
const reference = path.join(tmp.dir, 'reference');

const wrote = (lines: readonly string[]): string[] => lines.filter((l) => l.startsWith('WROTE ')).map((l) => l.slice(6));
const markers = (root: string): string[] => new FileSystemStore(root).list('.rasterduck/blocks/').map((k) => path.basename(k, '.done'));
const dataKeys = (root: string): string[] => new FileSystemStore(root).list('').filter((k) => !k.startsWith('.rasterduck/'));

async function runToEnd(root: string, env: Record<string, string> = {}): Promise<string[]> {
  const child = runScript('./write-blocks.ts', [root], env);
  expect(await child.exited).toBe(0);
  expect(child.lines.at(-1)).toBe('DONE');
  return wrote(child.lines);
}

function expectSameOutput(root: string): void {
  expect(dataKeys(root)).toEqual(dataKeys(reference));
  for (const key of dataKeys(reference)) {
    expect(readFileSync(path.join(root, key)), key).toEqual(readFileSync(path.join(reference, key)));
  }
}

beforeAll(async () => {
  expect(await runToEnd(reference)).toEqual(ALL);
});
afterAll(() => tmp.cleanup());

describe('a blockwise write killed and run again', () => {
  it('finishes with identical output and does not redo finished blocks', async () => {
    const root = path.join(tmp.dir, 'killed');
    const first = runScript('./write-blocks.ts', [root, '50']);
    await first.waitFor((line, n) => n >= 10 && line.startsWith('WROTE'));
    first.process.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const done = markers(root);
    expect(done.length).toBeGreaterThanOrEqual(10);
    expect(done.length).toBeLessThan(ALL.length);
    const stamps = done.map((id) => statSync(path.join(root, '.rasterduck', 'blocks', `${id}.done`)).mtimeMs);

    const redone = await runToEnd(root);
    expect(redone.filter((id) => done.includes(id))).toEqual([]);
    expect([...done, ...redone].sort()).toEqual([...ALL].sort());
    expect(done.map((id) => statSync(path.join(root, '.rasterduck', 'blocks', `${id}.done`)).mtimeMs)).toEqual(stamps);
    expectSameOutput(root);
  });

  it('redoes a block whose data was written but whose marker was not', async () => {
    const root = path.join(tmp.dir, 'crashed');
    const crash = runScript('./write-blocks.ts', [root], { CRASH_AFTER_DATA: 't0-b1-r2-c1' });
    expect(await crash.exited).toBe('SIGKILL');
    const done = markers(root);
    expect(done).not.toContain('t0-b1-r2-c1');
    expect(done).toHaveLength(ALL.indexOf('t0-b1-r2-c1'));

    const redone = await runToEnd(root);
    expect(redone[0]).toBe('t0-b1-r2-c1');
    expect(redone).toHaveLength(ALL.length - done.length);
    expectSameOutput(root);
  });

  it('does nothing on a third run', async () => {
    expect(await runToEnd(reference)).toEqual([]);
  });
});
