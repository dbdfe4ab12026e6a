/**
 * A PMTiles v3 archive writer shaped like the reference writer (protomaps/PMTiles
 * python/pmtiles/pmtiles/writer.py): tiles go to a spool file as they come, identical
 * tiles are stored once (found by hash) and consecutive repeats become one run; `finish`
 * writes header, root directory, metadata, leaf directories and then the spooled tiles
 * into a temp file and renames it onto the target. Directories and metadata are gzipped.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { InputError } from '../errors.js';
import { tempPathFor, writeAtomically } from './atomic-file.js';
import { Compression, buildDirectories, serializeHeader, zxyToTileId, type Entry, type Header } from './pmtiles-format.js';

/** What the archive holds; the tiles passed to `addTile` are already in `tileCompression`. */
export interface PmtilesWriterOptions {
  /** A TileType id (pmtiles-format.ts), e.g. TileType.mvt. */
  readonly tileType: number;
  /** A Compression id the tiles already carry, e.g. Compression.gzip. */
  readonly tileCompression: number;
  /** Root directory budget in bytes; default 16,257 (spec). Smaller forces leaves, for tests. */
  readonly maxRootBytes?: number;
}

/** Header facts only the caller knows, plus the JSON metadata. */
export interface PmtilesSummary {
  readonly minZoom: number;
  readonly maxZoom: number;
  /** [minLon, minLat, maxLon, maxLat] in degrees. */
  readonly bounds: readonly [number, number, number, number];
  readonly center: readonly [lon: number, lat: number];
  readonly centerZoom: number;
  readonly metadata: Record<string, unknown>;
}

interface MutableEntry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

/** Writes one archive; call `finish` once, or `abort` to drop it. */
export class PmtilesWriter {
  private readonly spoolPath: string;
  private spool: number | undefined;
  private readonly entries: MutableEntry[] = [];
  private readonly byHash = new Map<string, number>();
  private tileBytes = 0;
  private addressed = 0;
  private clustered = true;

  /** Opens the spool file next to `path`; nothing appears at `path` before `finish`. */
  constructor(readonly path: string, private readonly options: PmtilesWriterOptions) {
    this.spoolPath = tempPathFor(path, 'tiles');
    this.spool = openSync(this.spoolPath, 'w+');
  }

  /**
   * Adds one tile's bytes (non-empty, already compressed).
   * @throws InputError for an empty tile, a tile added twice, or z/x/y outside the grid.
   */
  addTile(z: number, x: number, y: number, data: Uint8Array): void {
    if (data.length === 0) throw new InputError({ url: this.path, reason: `pmtiles: tile ${z}/${x}/${y} is empty`, hint: 'Leave empty tiles out: readers treat missing tiles as empty' });
    const tileId = zxyToTileId(z, x, y);
    const last = this.entries[this.entries.length - 1];
    if (last && tileId < last.tileId + last.runLength) {
      if (this.entries.some((e) => tileId >= e.tileId && tileId < e.tileId + e.runLength)) {
        throw new InputError({ url: this.path, reason: `pmtiles: tile ${z}/${x}/${y} was added twice` });
      }
      // tiles out of id order still work, but readers cannot stream the data section in order
      this.clustered = false;
    }
    const hash = createHash('sha256').update(data).digest('base64');
    const found = this.byHash.get(hash);
    this.addressed++;
    if (found !== undefined && last && tileId === last.tileId + last.runLength && last.offset === found) {
      last.runLength++;
      return;
    }
    if (found !== undefined) {
      this.entries.push({ tileId, offset: found, length: data.length, runLength: 1 });
      return;
    }
    writeSync(this.spoolFd(), data, 0, data.length, this.tileBytes);
    this.entries.push({ tileId, offset: this.tileBytes, length: data.length, runLength: 1 });
    this.byHash.set(hash, this.tileBytes);
    this.tileBytes += data.length;
  }

  /**
   * Writes the archive to a temp file and renames it onto `path`; returns the header written.
   * @throws InputError when no tile was added (a directory must hold at least one entry).
   */
  finish(summary: PmtilesSummary): Header {
    try {
      if (this.entries.length === 0) {
        throw new InputError({ url: this.path, reason: 'pmtiles: no tiles to write', hint: 'An archive needs at least one tile; check that the features fall inside the zoom range' });
      }
      const entries: Entry[] = [...this.entries].sort((a, b) => a.tileId - b.tileId);
      const gzip = (b: Uint8Array) => new Uint8Array(gzipSync(b));
      const { root, leaves } = buildDirectories(entries, gzip, this.options.maxRootBytes);
      const metadata = gzip(new TextEncoder().encode(JSON.stringify(summary.metadata)));
      const header = this.header(summary, root.length, metadata.length, leaves.length, entries.length);
      writeAtomically(this.path, (temp) => this.assemble(temp, [serializeHeader(header), root, metadata, leaves]));
      return header;
    } finally {
      this.abort();
    }
  }

  /** Closes and deletes the spool; `path` is left as it was. Safe to call twice. */
  abort(): void {
    if (this.spool !== undefined) closeSync(this.spool);
    this.spool = undefined;
    rmSync(this.spoolPath, { force: true });
  }

  private spoolFd(): number {
    if (this.spool === undefined) throw new InputError({ url: this.path, reason: 'pmtiles: the writer was already finished or aborted' });
    return this.spool;
  }

  private header(s: PmtilesSummary, rootLength: number, metadataLength: number, leafLength: number, tileEntries: number): Header {
    const rootOffset = 127;
    const metadataOffset = rootOffset + rootLength;
    const leafOffset = metadataOffset + metadataLength;
    return {
      rootOffset, rootLength, metadataOffset, metadataLength, leafOffset, leafLength,
      tileDataOffset: leafOffset + leafLength,
      tileDataLength: this.tileBytes,
      addressedTiles: this.addressed,
      tileEntries,
      tileContents: this.byHash.size,
      clustered: this.clustered,
      internalCompression: Compression.gzip,
      tileCompression: this.options.tileCompression,
      tileType: this.options.tileType,
      minZoom: s.minZoom, maxZoom: s.maxZoom, centerZoom: s.centerZoom,
      minLon: s.bounds[0], minLat: s.bounds[1], maxLon: s.bounds[2], maxLat: s.bounds[3],
      centerLon: s.center[0], centerLat: s.center[1],
    };
  }

  // header, directories and metadata, then the spool copied over in 1 MiB reads
  private assemble(temp: string, head: readonly Uint8Array[]): void {
    const out = openSync(temp, 'w');
    try {
      for (const part of head) writeSync(out, part);
      const buffer = new Uint8Array(1 << 20);
      for (let at = 0; at < this.tileBytes; ) {
        const n = readSync(this.spoolFd(), buffer, 0, Math.min(buffer.length, this.tileBytes - at), at);
        writeSync(out, buffer, 0, n);
        at += n;
      }
    } finally {
      closeSync(out);
    }
  }
}
