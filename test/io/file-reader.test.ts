import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FetchError } from '../../src/errors.js';
import { FileReader } from '../../src/io/file-reader.js';
import { forgetFile } from '../../src/io/open-reader.js';
import { payloadBytes } from './helpers/payload.js';

const dir = mkdtempSync(join(tmpdir(), 'rasterduck-file-'));
const path = join(dir, 'payload.bin');
writeFileSync(path, payloadBytes(0, 70_000));
const asList = (bytes: Uint8Array[]) => bytes.map((b) => Array.from(b));

describe('FileReader', () => {
  it('refuses a file whose size or mtime changed since its first read, until forgetFile starts afresh', async () => {
    const changing = join(dir, 'changing.bin');
    writeFileSync(changing, payloadBytes(0, 1_000));
    const reader = new FileReader(changing);
    await reader.read([{ offset: 0, length: 10 }]);
    writeFileSync(changing, payloadBytes(0, 2_000));
    const err = await reader.read([{ offset: 0, length: 10 }]).catch((e: unknown) => e);
    expect((err as FetchError).message).toBe(`(${changing}): the file changed since its header was read (it was 1000 bytes, now 2000). Rebuild the metadata (cog_metadata, rasteret_build) from the file as it is now`);
    forgetFile(changing);
    expect((await reader.read([{ offset: 1_990, length: 10 }]))[0].length).toBe(10);
  });

  it('reads ranges of a path and of a file:// URL alike', async () => {
    const ranges = [{ offset: 65_536, length: 300 }, { offset: 0, length: 16 }];
    const want = ranges.map((r) => Array.from(payloadBytes(r.offset, r.length)));
    expect(asList(await new FileReader(path).read(ranges))).toEqual(want);
    expect(asList(await new FileReader(pathToFileURL(path).href).read(ranges))).toEqual(want);
  });

  it('comes back short past the end of the file, and empty from beyond it', async () => {
    const out = await new FileReader(path).read([{ offset: 69_990, length: 100 }, { offset: 80_000, length: 10 }, { offset: 5, length: 1e12 }]);
    expect(out.map((b) => b.length)).toEqual([10, 0, 69_995]);
    expect(Array.from(out[0])).toEqual(Array.from(payloadBytes(69_990, 10)));
  });

  it('knows its size', async () => {
    expect(await new FileReader(path).size()).toBe(70_000);
  });

  it('names the missing path in a 404 FetchError', async () => {
    const missing = join(dir, 'nope.tif');
    const err = await new FileReader(missing).read([{ offset: 0, length: 1 }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).status).toBe(404);
    expect((err as FetchError).message).toMatch(new RegExp(`^\\(${missing}\\): file not found: ${missing}\\. Check the path`));
  });

  it('refuses a directory', async () => {
    const err = await new FileReader(dir).read([{ offset: 0, length: 1 }]).catch((e: unknown) => e);
    expect((err as FetchError).message).toContain('is a directory');
  });
});
