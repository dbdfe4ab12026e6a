/**
 * A local S3-compatible server (s3rver) with one bucket and one object. s3rver checks
 * that an access key exists but does not verify SigV4 signatures, so signing itself is
 * tested against AWS's published examples in sigv4.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { payloadBytes } from './payload.js';

/** s3rver's built-in account. */
export const S3RVER_KEY = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const BUCKET = 'rasterduck-test';
/** A key with a space and a non-ASCII letter, to exercise path encoding. */
export const KEY = 'tiles/b c/é.bin';
export const OBJECT_SIZE = 200_000;

/** A running s3rver. */
export interface S3Server {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1, port 0, and uploads the payload object. */
export async function startS3Server(): Promise<S3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'rasterduck-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET }] });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  // unsigned PUT: s3rver accepts anonymous writes, which keeps the upload independent of our signer
  const key = KEY.split('/').map(encodeURIComponent).join('/');
  const put = await fetch(`${endpoint}/${BUCKET}/${key}`, { method: 'PUT', body: payloadBytes(0, OBJECT_SIZE) });
  if (put.status !== 200) throw new Error(`s3rver PUT failed: ${put.status} ${await put.text()}`);
  return {
    endpoint,
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
