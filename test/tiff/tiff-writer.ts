/**
 * A tiny TIFF writer for tests: classic or BigTIFF, either byte order, any tags, with
 * padding to push IFDs or tag values past the read-ahead. Block data goes after every
 * IFD (as in a COG) and its offsets are filled in, so tests know where each block is
 * without asking the parser.
 */
import { FieldType, Tag } from '../../src/tiff/tags.js';

/** One tag to write: numbers (any numeric type), text (ASCII, NUL added) or raw bytes. */
export interface TagSpec {
  readonly tag: number;
  readonly type: number;
  readonly value: readonly number[] | string | Uint8Array;
}

/** One IFD to write. */
export interface IfdSpec {
  readonly tags: readonly TagSpec[];
  /** Block bytes; adds Tile- or StripOffsets and ByteCounts pointing at them. */
  readonly blocks?: { readonly tiled: boolean; readonly data: readonly Uint8Array[] };
  /** Zero bytes before this IFD. */
  readonly padBefore?: number;
  /** Zero bytes between this IFD and its out-of-line values. */
  readonly valuesPadBefore?: number;
  /** Overrides the next-IFD offset (for loops and dangling pointers). */
  readonly nextIfd?: number;
}

/** A file to write. */
export interface TiffSpec {
  readonly littleEndian?: boolean;
  readonly bigTiff?: boolean;
  readonly ifds: readonly IfdSpec[];
}

/** What was written and where. */
export interface WrittenTiff {
  readonly bytes: Uint8Array;
  readonly ifdOffsets: readonly number[];
  /** Per IFD, the offset of each block. */
  readonly blockOffsets: readonly (readonly number[])[];
}

const SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };

interface Placed {
  readonly spec: TagSpec;
  readonly payload: Uint8Array;
  valueOffset: number;
}

/** Writes a TIFF from `spec`. */
export function writeTiff(spec: TiffSpec): WrittenTiff {
  const le = spec.littleEndian ?? true;
  const big = spec.bigTiff ?? false;
  const entrySize = big ? 20 : 12;
  const inlineBytes = big ? 8 : 4;
  let cursor = big ? 16 : 8;
  const layouts = spec.ifds.map((ifd) => {
    const tags = [...ifd.tags, ...blockTags(ifd, big)].sort((a, b) => a.tag - b.tag);
    const placed: Placed[] = tags.map((t) => ({ spec: t, payload: encode(t, le), valueOffset: 0 }));
    cursor = even(cursor + (ifd.padBefore ?? 0));
    const offset = cursor;
    cursor += (big ? 8 : 2) + placed.length * entrySize + (big ? 8 : 4) + (ifd.valuesPadBefore ?? 0);
    for (const p of placed.filter((q) => q.payload.length > inlineBytes)) {
      cursor = even(cursor);
      p.valueOffset = cursor;
      cursor += p.payload.length;
    }
    return { ifd, offset, placed };
  });
  const blockOffsets = spec.ifds.map((ifd) => (ifd.blocks?.data ?? []).map((d) => {
    const at = cursor;
    cursor += d.length;
    return at;
  }));
  // block offsets are known only now: re-encode those tags (their sizes do not change)
  layouts.forEach((l, i) => l.placed.forEach((p) => {
    if (isOffsetsTag(p.spec.tag) && l.ifd.blocks) {
      (p as { payload: Uint8Array }).payload = encode({ ...p.spec, value: blockOffsets[i] }, le);
    }
  }));
  const out = new Uint8Array(cursor);
  const view = new DataView(out.buffer);
  writeHeader(view, le, big, layouts[0]?.offset ?? 0);
  layouts.forEach((l, i) => {
    const next = l.ifd.nextIfd ?? layouts[i + 1]?.offset ?? 0;
    writeIfd(out, { le, big, offset: l.offset, placed: l.placed, next });
    (l.ifd.blocks?.data ?? []).forEach((d, j) => out.set(d, blockOffsets[i][j]));
  });
  return { bytes: out, ifdOffsets: layouts.map((l) => l.offset), blockOffsets };
}

function blockTags(ifd: IfdSpec, big: boolean): TagSpec[] {
  if (!ifd.blocks) return [];
  const type = big ? FieldType.LONG8 : FieldType.LONG;
  const [offsets, counts] = ifd.blocks.tiled ? [Tag.TileOffsets, Tag.TileByteCounts] : [Tag.StripOffsets, Tag.StripByteCounts];
  const placeholder = ifd.blocks.data.map(() => 0);
  return [
    { tag: offsets, type, value: placeholder },
    { tag: counts, type, value: ifd.blocks.data.map((d) => d.length) },
  ];
}

function isOffsetsTag(tag: number): boolean {
  return tag === Tag.TileOffsets || tag === Tag.StripOffsets;
}

function even(n: number): number {
  return n + (n & 1);
}

function writeHeader(view: DataView, le: boolean, big: boolean, firstIfd: number): void {
  view.setUint16(0, le ? 0x4949 : 0x4d4d, false);
  view.setUint16(2, big ? 43 : 42, le);
  if (big) {
    view.setUint16(4, 8, le);
    view.setUint16(6, 0, le);
    view.setBigUint64(8, BigInt(firstIfd), le);
  } else {
    view.setUint32(4, firstIfd, le);
  }
}

interface IfdWrite {
  readonly le: boolean;
  readonly big: boolean;
  readonly offset: number;
  readonly placed: readonly Placed[];
  readonly next: number;
}

function writeIfd(out: Uint8Array, w: IfdWrite): void {
  const view = new DataView(out.buffer);
  const { le, big } = w;
  let at = w.offset;
  if (big) view.setBigUint64(at, BigInt(w.placed.length), le);
  else view.setUint16(at, w.placed.length, le);
  at += big ? 8 : 2;
  for (const p of w.placed) {
    view.setUint16(at, p.spec.tag, le);
    view.setUint16(at + 2, p.spec.type, le);
    const count = p.payload.length / SIZES[p.spec.type];
    if (big) view.setBigUint64(at + 4, BigInt(count), le);
    else view.setUint32(at + 4, count, le);
    const valueAt = at + (big ? 12 : 8);
    if (p.payload.length <= (big ? 8 : 4)) {
      out.set(p.payload, valueAt);
    } else {
      if (big) view.setBigUint64(valueAt, BigInt(p.valueOffset), le);
      else view.setUint32(valueAt, p.valueOffset, le);
      out.set(p.payload, p.valueOffset);
    }
    at += big ? 20 : 12;
  }
  if (big) view.setBigUint64(at, BigInt(w.next), le);
  else view.setUint32(at, w.next, le);
}

/** Encodes a tag's value in its field type. */
export function encode(t: TagSpec, le: boolean): Uint8Array {
  if (t.value instanceof Uint8Array) return t.value;
  if (typeof t.value === 'string') return new Uint8Array([...Buffer.from(t.value, 'latin1'), 0]);
  const size = SIZES[t.type];
  const out = new Uint8Array(t.value.length * size);
  const view = new DataView(out.buffer);
  t.value.forEach((v, i) => writeNumber(view, i * size, t.type, v, le));
  return out;
}

function writeNumber(view: DataView, at: number, type: number, v: number, le: boolean): void {
  switch (type) {
    case FieldType.BYTE: case FieldType.UNDEFINED: case FieldType.ASCII: return view.setUint8(at, v);
    case FieldType.SBYTE: return view.setInt8(at, v);
    case FieldType.SHORT: return view.setUint16(at, v, le);
    case FieldType.SSHORT: return view.setInt16(at, v, le);
    case FieldType.LONG: case FieldType.IFD: return view.setUint32(at, v, le);
    case FieldType.SLONG: return view.setInt32(at, v, le);
    case FieldType.FLOAT: return view.setFloat32(at, v, le);
    case FieldType.DOUBLE: return view.setFloat64(at, v, le);
    case FieldType.RATIONAL: view.setUint32(at, v, le); return view.setUint32(at + 4, 1, le);
    case FieldType.SRATIONAL: view.setInt32(at, v, le); return view.setInt32(at + 4, 1, le);
    case FieldType.SLONG8: return view.setBigInt64(at, BigInt(v), le);
    default: return view.setBigUint64(at, BigInt(v), le);
  }
}

/** The usual tags of an image: sizes, samples, compression and, when tiled, tile size. */
export interface ImageTagOptions {
  readonly width: number;
  readonly height: number;
  readonly tile?: readonly [number, number];
  readonly rowsPerStrip?: number;
  readonly bitsPerSample?: number;
  readonly samplesPerPixel?: number;
  readonly sampleFormat?: number;
  readonly planar?: number;
  readonly compression?: number;
  readonly predictor?: number;
  readonly photometric?: number;
  readonly newSubfileType?: number;
}

/** Tags for an image as GDAL writes them (SHORT where TIFF allows, LONG for sizes). */
export function imageTags(o: ImageTagOptions): TagSpec[] {
  const spp = o.samplesPerPixel ?? 1;
  const S = FieldType.SHORT;
  const tags: TagSpec[] = [
    { tag: Tag.ImageWidth, type: FieldType.LONG, value: [o.width] },
    { tag: Tag.ImageLength, type: FieldType.LONG, value: [o.height] },
    { tag: Tag.BitsPerSample, type: S, value: new Array(spp).fill(o.bitsPerSample ?? 8) },
    { tag: Tag.Compression, type: S, value: [o.compression ?? 1] },
    { tag: Tag.Photometric, type: S, value: [o.photometric ?? 1] },
    { tag: Tag.SamplesPerPixel, type: S, value: [spp] },
    { tag: Tag.PlanarConfiguration, type: S, value: [o.planar ?? 1] },
    { tag: Tag.SampleFormat, type: S, value: new Array(spp).fill(o.sampleFormat ?? 1) },
  ];
  if (o.newSubfileType !== undefined) tags.push({ tag: Tag.NewSubfileType, type: FieldType.LONG, value: [o.newSubfileType] });
  if (o.predictor !== undefined) tags.push({ tag: Tag.Predictor, type: S, value: [o.predictor] });
  if (o.tile) {
    // libtiff writes SHORT when the value fits, else LONG
    const type = (v: number) => (v > 0xffff ? FieldType.LONG : S);
    tags.push({ tag: Tag.TileWidth, type: type(o.tile[0]), value: [o.tile[0]] }, { tag: Tag.TileLength, type: type(o.tile[1]), value: [o.tile[1]] });
  }
  if (o.rowsPerStrip !== undefined) tags.push({ tag: Tag.RowsPerStrip, type: FieldType.LONG, value: [o.rowsPerStrip] });
  return tags;
}

/** `n` distinct blocks of `size` bytes each (block k filled with k + 1). */
export function fakeBlocks(n: number, size = 4): Uint8Array[] {
  return Array.from({ length: n }, (_, k) => new Uint8Array(size).fill((k + 1) & 0xff));
}

/** New values for one IFD entry's fields, written over the bytes of a file. */
export interface EntryPatch {
  readonly type?: number;
  readonly count?: number;
  /** The raw value/offset field (4 bytes classic, 8 BigTIFF). */
  readonly valueField?: number;
}

/** Overwrites fields of the entry for `tag` in IFD `ifd` (a test forging a hostile file). */
export function patchEntry(written: WrittenTiff, spec: { littleEndian?: boolean; bigTiff?: boolean }, ifd: number, tag: number, patch: EntryPatch): Uint8Array {
  const le = spec.littleEndian ?? true;
  const big = spec.bigTiff ?? false;
  const bytes = written.bytes.slice();
  const view = new DataView(bytes.buffer);
  const at = written.ifdOffsets[ifd];
  const count = big ? Number(view.getBigUint64(at, le)) : view.getUint16(at, le);
  for (let i = 0; i < count; i++) {
    const entry = at + (big ? 8 : 2) + i * (big ? 20 : 12);
    if (view.getUint16(entry, le) !== tag) continue;
    if (patch.type !== undefined) view.setUint16(entry + 2, patch.type, le);
    if (patch.count !== undefined) {
      if (big) view.setBigUint64(entry + 4, BigInt(patch.count), le);
      else view.setUint32(entry + 4, patch.count, le);
    }
    if (patch.valueField !== undefined) {
      if (big) view.setBigUint64(entry + 12, BigInt(patch.valueField), le);
      else view.setUint32(entry + 8, patch.valueField, le);
    }
    return bytes;
  }
  throw new Error(`tag ${tag} is not in IFD ${ifd}`);
}
