/**
 * Records parked on disk: a writer whose file starts with facts known only at the end (a
 * feature count, one geometry type) takes its records one at a time, spools them here and
 * reads them back in order when it finishes, so memory holds one record, not all of them.
 * The spool file is unlinked as soon as it is open: nothing is left behind when a run is
 * abandoned (a LIMIT that stops a scan) or killed; the space is freed when it is closed,
 * or, for a spool dropped without `close`, when the garbage collector takes it.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { InternalError } from '../errors.js';
import { tempPathFor } from './atomic-file.js';

// writes are batched so small records do not cost a system call each
const CHUNK_BYTES = 1 << 20;

// closes the descriptor of a spool nobody closed (an abandoned scan)
const orphans = new FinalizationRegistry<number>((fd) => closeSync(fd));

/** Appends size-prefixed records to an unlinked temp file and reads them back in order. */
export class RecordSpool {
  private fd: number | undefined;
  private written = 0;
  private readonly batch: Uint8Array[] = [];
  private batchBytes = 0;
  private recordCount = 0;

  /** Opens the spool next to `nearPath` (same file system as the output). */
  constructor(nearPath: string) {
    const path = tempPathFor(nearPath, 'spool');
    this.fd = openSync(path, 'w+');
    rmSync(path, { force: true });
    orphans.register(this, this.fd, this);
  }

  /** Records appended so far. */
  get count(): number {
    return this.recordCount;
  }

  /** Appends one record. @throws InternalError after close. */
  append(record: Uint8Array): void {
    const size = new Uint8Array(4);
    new DataView(size.buffer).setUint32(0, record.length, true);
    this.batch.push(size, record);
    this.batchBytes += 4 + record.length;
    this.recordCount++;
    if (this.batchBytes >= CHUNK_BYTES) this.flush();
  }

  /** Yields every record in the order appended (each a fresh copy). @throws InternalError after close. */
  *records(): Generator<Uint8Array, void, undefined> {
    this.flush();
    let buffer = new Uint8Array(CHUNK_BYTES);
    let have = 0;
    let at = 0;
    let pos = 0;
    const fill = (need: number) => {
      if (have - at >= need) return;
      if (need > buffer.length) {
        const bigger = new Uint8Array(need);
        bigger.set(buffer.subarray(at, have));
        buffer = bigger;
      } else {
        buffer.copyWithin(0, at, have);
      }
      have -= at;
      at = 0;
      while (have < need) {
        const n = readSync(this.open(), buffer, have, buffer.length - have, pos);
        if (n === 0) throw new InternalError({ reason: `spool: ended ${need - have} bytes inside a record` });
        have += n;
        pos += n;
      }
    };
    for (let i = 0; i < this.recordCount; i++) {
      fill(4);
      const length = new DataView(buffer.buffer, at, 4).getUint32(0, true);
      at += 4;
      fill(length);
      yield buffer.slice(at, at + length);
      at += length;
    }
  }

  /** Closes the file, which frees its space. Safe to call twice. */
  close(): void {
    if (this.fd === undefined) return;
    // unregistered first: once closed, the number may name another file
    orphans.unregister(this);
    closeSync(this.fd);
    this.fd = undefined;
  }

  private flush(): void {
    const joined = new Uint8Array(this.batchBytes);
    let at = 0;
    for (const part of this.batch) {
      joined.set(part, at);
      at += part.length;
    }
    for (let done = 0; done < joined.length; ) done += writeSync(this.open(), joined, done, joined.length - done, this.written + done);
    this.written += joined.length;
    this.batch.length = 0;
    this.batchBytes = 0;
  }

  private open(): number {
    if (this.fd === undefined) throw new InternalError({ reason: 'spool: used after close' });
    return this.fd;
  }
}
