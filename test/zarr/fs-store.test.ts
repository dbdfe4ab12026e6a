import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSystemStore } from '../../src/zarr/fs-store.js';
import { runScript } from './helpers/child.js';
import { tempDir } from './helpers/zarrita-read.js';

const tmp = tempDir('fs-store');
afterAll(() => tmp.cleanup());

describe('FileSystemStore', () => {
  it('gets, sets, lists and deletes keys as files under its root', () => {
    const store = new FileSystemStore(path.join(tmp.dir, 'basic'));
    expect(store.get('a/zarr.json')).toBeUndefined();
    store.set('a/zarr.json', Uint8Array.of(1, 2));
    store.set('a/c/0/1', Uint8Array.of(3));
    expect(readFileSync(path.join(tmp.dir, 'basic', 'a', 'c', '0', '1'))).toEqual(Buffer.of(3));
    expect(store.list('')).toEqual(['a/c/0/1', 'a/zarr.json']);
    expect(store.list('a/c/')).toEqual(['a/c/0/1']);
    store.delete('a/c/0/1');
    store.delete('a/c/0/1');
    expect(store.list('')).toEqual(['a/zarr.json']);
    expect(readdirSync(path.join(tmp.dir, 'basic', 'a')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses keys that could leave its folder', () => {
    const store = new FileSystemStore(path.join(tmp.dir, 'keys'));
    for (const key of ['../x', 'a//b', '/abs', 'a/./b', '']) expect(() => store.set(key, Uint8Array.of(1))).toThrow(/invalid store key/);
  });

  it('says which file it could not write', () => {
    const file = path.join(tmp.dir, 'not-a-folder');
    writeFileSync(file, 'x');
    expect(() => new FileSystemStore(file).set('a', Uint8Array.of(1))).toThrow(/not-a-folder\/a\): could not write it/);
  });

  it('leaves a value absent or complete when its writer is killed, and sweeps the dead writer\'s temp file', async () => {
    const root = path.join(tmp.dir, 'killed');
    for (const delayMs of [0, 17, 41, 73]) {
      const child = runScript('./overwrite-forever.ts', [root]);
      await child.waitFor((line) => line === 'WROTE 2');
      await new Promise((r) => setTimeout(r, delayMs));
      child.process.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');
      const value = readFileSync(path.join(root, 'big'));
      expect(value.length).toBe(64 * 2 ** 20);
      expect(value.every((b) => b === value[0])).toBe(true);
      const store = new FileSystemStore(root);
      expect(store.list('')).toEqual(['big']);
      store.removeStaleTemps();
      expect(readdirSync(root)).toEqual(['big']);
    }
  });

  it('keeps temp files of live writers when sweeping', () => {
    const root = path.join(tmp.dir, 'sweep');
    const store = new FileSystemStore(root);
    store.set('k', Uint8Array.of(1));
    const dead = spawnSync('true').pid!;
    writeFileSync(path.join(root, `.k.${dead}.0123456789ab.tmp`), 'partial');
    writeFileSync(path.join(root, `.k.${process.pid}.0123456789ab.tmp`), 'in progress');
    expect(store.removeStaleTemps()).toBe(1);
    expect(readdirSync(root).sort()).toEqual([`.k.${process.pid}.0123456789ab.tmp`, 'k']);
  });

  it('writes a key only when it is absent, in one step (the claim of an output)', () => {
    const root = path.join(tmp.dir, 'claim');
    const store = new FileSystemStore(root);
    expect(store.setIfAbsent('.rasterduck/run.json', Uint8Array.of(1))).toBe(true);
    expect(store.setIfAbsent('.rasterduck/run.json', Uint8Array.of(2))).toBe(false);
    expect(store.get('.rasterduck/run.json')).toEqual(Buffer.of(1));
    expect(readdirSync(path.join(root, '.rasterduck'))).toEqual(['run.json']);
  });

  it('sweeps temp files whose pid now names a later process, and those older than a fresh claim', async () => {
    const root = path.join(tmp.dir, 'reused');
    const store = new FileSystemStore(root);
    store.set('k', Uint8Array.of(1));
    const hourAgo = new Date(Date.now() - 3_600_000);
    const minuteAgo = new Date(Date.now() - 60_000);
    // a process started now cannot have written a file an hour ago: its pid was reused
    const later: ChildProcess = spawn('sleep', ['60']);
    const temp = (pid: number, when: Date): string => {
      const name = `.k.${pid}.${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}.tmp`;
      writeFileSync(path.join(root, name), 'x');
      utimesSync(path.join(root, name), when, when);
      return name;
    };
    try {
      temp(later.pid!, hourAgo);
      const own = temp(process.pid, new Date());
      const init = temp(1, minuteAgo); // pid 1 started before it: a live writer, by its pid
      expect(store.removeStaleTemps()).toBe(1);
      expect(readdirSync(root).sort()).toEqual([own, init, 'k'].sort());
      expect(store.removeStaleTemps({ olderThanMs: Date.now() - 1000 })).toBe(1);
      expect(readdirSync(root).sort()).toEqual([own, 'k'].sort());
    } finally {
      later.kill();
    }
  });
});
