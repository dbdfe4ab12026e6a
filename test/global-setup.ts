/**
 * Generates the GDAL fixture matrix once per version of its scripts and hands its folder to
 * the tests (`inject('fixturesDir')`, or fixturesDir() from test/fixtures/fixtures.ts).
 * GDAL is required: parity tests must run in CI, so a machine without it fails here, loudly,
 * instead of skipping them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestProject } from 'vitest/node';
import { FIXTURE_SCRIPTS_DIR, FIXTURES_ROOT, fixturesDir, fixtureVersion } from './fixtures/fixtures.js';

declare module 'vitest' {
  export interface ProvidedContext {
    fixturesDir: string;
  }
}

// Debian's python3 sees python3-gdal and python3-rasterio; a pyenv python3 on PATH does not.
const PYTHON = '/usr/bin/python3';
const INSTALL = 'apt-get install -y gdal-bin python3-gdal python3-rasterio python3-numpy';
const WAIT_MS = 300_000;

export default async function setup(project: TestProject): Promise<void> {
  requireGdal();
  const dir = fixturesDir();
  await ensureFixtures(dir);
  project.provide('fixturesDir', dir);
}

function requireGdal(): void {
  try {
    run(['-c', 'import numpy, rasterio; from osgeo import gdal']);
  } catch (error) {
    throw new Error(
      `rasterduck tests need GDAL, rasterio and numpy for ${PYTHON}, which writes the fixtures and the ` +
        `expected values; the parity tests are never skipped. Install them: ${INSTALL}\n${detail(error)}`,
    );
  }
}

/** One run generates; concurrent runs (other vitest processes) wait for its manifest. */
async function ensureFixtures(dir: string): Promise<void> {
  const manifest = join(dir, 'manifest.json');
  const lock = `${dir}.lock`;
  const started = Date.now();
  while (!existsSync(manifest)) {
    if (takeLock(lock)) {
      try {
        if (!existsSync(manifest)) generate(dir);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    } else if (lockIsStale(lock)) {
      rmSync(lock, { recursive: true, force: true });
    } else if (Date.now() - started > WAIT_MS) {
      throw new Error(`waited ${WAIT_MS / 1000} s for another test run to generate ${dir}; if none is running, delete ${lock}`);
    } else {
      await sleep(250);
    }
  }
}

function takeLock(lock: string): boolean {
  mkdirSync(FIXTURES_ROOT, { recursive: true });
  try {
    mkdirSync(lock); // atomic: exactly one process creates it
  } catch {
    return false;
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  return true;
}

function lockIsStale(lock: string): boolean {
  try {
    return !isAlive(Number(readFileSync(join(lock, 'pid'), 'utf8')));
  } catch {
    // no pid file yet: its owner is between mkdir and write, unless that was long ago
    return existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 10_000;
  }
}

function generate(dir: string): void {
  const started = Date.now();
  // build in a temp folder and rename: an interrupted run never leaves a half folder behind
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const script of ['make_fixtures.py', 'expect_metadata.py']) {
      process.stderr.write(run(['-B', join(FIXTURE_SCRIPTS_DIR, script), tmp]));
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (error) {
    throw new Error(`generating the GDAL fixtures into ${dir} failed:\n${detail(error)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  removeOtherVersions();
  process.stderr.write(`fixtures: version ${fixtureVersion()} generated in ${Date.now() - started} ms\n`);
}

/** Drops older versions and the temp folders of runs that died. */
function removeOtherVersions(): void {
  for (const name of readdirSync(FIXTURES_ROOT)) {
    const tmpPid = /^[0-9a-f]{12}\.tmp-(\d+)$/.exec(name)?.[1];
    const version = /^([0-9a-f]{12})(\.lock)?$/.exec(name)?.[1];
    const stale = tmpPid !== undefined ? !isAlive(Number(tmpPid)) : version !== undefined && version !== fixtureVersion();
    if (stale) rmSync(join(FIXTURES_ROOT, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only checks that the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function run(args: readonly string[]): string {
  return execFileSync(PYTHON, args, { cwd: FIXTURE_SCRIPTS_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function detail(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  return (e.stderr || e.message || String(error)).trim().split('\n').slice(-20).join('\n');
}
