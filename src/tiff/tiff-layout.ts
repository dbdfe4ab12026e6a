/**
 * Byte layout of a classic little-endian tiled TIFF as GDAL's COG driver lays it out: the
 * header, then every IFD in a chain (full resolution first, then overviews by decreasing
 * size), each followed by its out-of-line tag values, then the tile data with the smallest
 * overview first and the full-resolution tiles last. So one read of the file start holds
 * every IFD, and a reader zooming in reads forwards (validate_cloud_optimized_geotiff.py
 * checks both orders).
 */

/** One TIFF tag and its values. */
export interface Tag {
  readonly id: number;
  readonly type: 2 | 3 | 4 | 12; // ASCII, SHORT, LONG, DOUBLE
  readonly values: readonly number[] | string;
}

/** One image: its tags (TileOffsets, 324, is filled in here) and its encoded tiles in TileOffsets order. */
export interface TiffImage {
  readonly tags: readonly Tag[];
  readonly tiles: readonly Uint8Array[];
}

const TILE_OFFSETS = 324;
const TYPE_SIZE = { 2: 1, 3: 2, 4: 4, 12: 8 } as const;

const valueBytes = (t: Tag): number => t.values.length * TYPE_SIZE[t.type];
// values of more than 4 bytes live outside the entry, each on a word boundary (TIFF 6.0)
const outOfLine = (t: Tag): number => (valueBytes(t) > 4 ? valueBytes(t) + (valueBytes(t) % 2) : 0);
const ifdBytes = (tags: readonly Tag[]): number => 2 + tags.length * 12 + 4 + tags.reduce((s, t) => s + outOfLine(t), 0);

/** The file holding `images` (the first is the full-resolution image), as described above. */
export function layoutTiff(images: readonly TiffImage[]): Uint8Array {
  const ifdAt: number[] = [];
  let at = 8;
  for (const image of images) {
    ifdAt.push(at);
    at += ifdBytes(image.tags);
  }
  const tileAt = images.map(() => [] as number[]);
  for (let i = images.length - 1; i >= 0; i--) {
    for (const tile of images[i].tiles) {
      tileAt[i].push(at);
      at += tile.length;
    }
  }
  const out = new Uint8Array(at);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, 8, true);
  images.forEach((image, i) => {
    const tags = image.tags.map((t) => (t.id === TILE_OFFSETS ? { ...t, values: tileAt[i] } : t));
    writeIfd(view, out, tags, ifdAt[i], ifdAt[i + 1] ?? 0);
    image.tiles.forEach((tile, k) => out.set(tile, tileAt[i][k]));
  });
  return out;
}

function writeIfd(view: DataView, out: Uint8Array, tags: readonly Tag[], at: number, nextIfd: number): void {
  view.setUint16(at, tags.length, true);
  let extraAt = at + 2 + tags.length * 12 + 4;
  tags.forEach((t, i) => {
    const entry = at + 2 + i * 12;
    view.setUint16(entry, t.id, true);
    view.setUint16(entry + 2, t.type, true);
    view.setUint32(entry + 4, t.values.length, true);
    let valueAt = entry + 8;
    if (outOfLine(t) > 0) {
      view.setUint32(entry + 8, extraAt, true);
      valueAt = extraAt;
      extraAt += outOfLine(t);
    }
    writeValues(view, out, t, valueAt);
  });
  view.setUint32(at + 2 + tags.length * 12, nextIfd, true);
}

function writeValues(view: DataView, out: Uint8Array, t: Tag, at: number): void {
  if (typeof t.values === 'string') {
    out.set(new TextEncoder().encode(t.values), at);
    return;
  }
  t.values.forEach((v, k) => {
    if (t.type === 3) view.setUint16(at + 2 * k, v, true);
    else if (t.type === 4) view.setUint32(at + 4 * k, v, true);
    else view.setFloat64(at + 8 * k, v, true);
  });
}
