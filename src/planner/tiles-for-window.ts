/**
 * Which stored blocks (tiles or strips) of one IFD a pixel window needs, and their byte
 * ranges. Pure: plain data in and out.
 */

/** The block grid of one IFD and its block table, as the header gives them. */
export interface BlockLayout {
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** TileWidth x TileLength; for strips, the image width x RowsPerStrip. */
  readonly blockWidth: number;
  readonly blockHeight: number;
  /** Strips end at the image's last row; tiles are always whole. */
  readonly tiled: boolean;
  readonly samplesPerPixel: number;
  /** 1 = chunky (one block holds every band), 2 = planar (one block per band). */
  readonly planarConfiguration: number;
  /**
   * Block offsets and byte counts in file order (TIFF 6.0 section 15: planar bands one
   * after another). Bigints are accepted: a DuckDB BIGINT[] arrives as them, and only the
   * blocks a window needs are converted.
   */
  readonly offsets: readonly (number | bigint)[];
  readonly byteCounts: readonly (number | bigint)[];
}

/** A pixel window: offsets and size in whole pixels, inside the image. */
export interface PixelWindow {
  readonly colOff: number;
  readonly rowOff: number;
  readonly width: number;
  readonly height: number;
}

/** One block a window needs. */
export interface BlockNeed {
  /** Index into the block table. */
  readonly index: number;
  /** The 0-based band a planar block holds; null for a chunky block (every band). */
  readonly band: number | null;
  /** Image pixel of the block's top-left corner. */
  readonly col0: number;
  readonly row0: number;
  /** Rows the stored block decodes to: blockHeight, or fewer for the last strip. */
  readonly decodedHeight: number;
  readonly offset: number;
  readonly length: number;
  /** Byte count 0 (GDAL SPARSE_OK): no bytes to read; the block reads as nodata or 0. */
  readonly sparse: boolean;
}

/** Blocks across and down the image. */
export function blockGridOf(l: BlockLayout): { across: number; down: number } {
  return { across: Math.ceil(l.imageWidth / l.blockWidth), down: Math.ceil(l.imageHeight / l.blockHeight) };
}

/** How many entries the block table must have: every block of every band for planar images. */
export function blockCountOf(l: BlockLayout): number {
  const { across, down } = blockGridOf(l);
  return across * down * (l.planarConfiguration === 2 ? l.samplesPerPixel : 1);
}

/**
 * The blocks holding any pixel of `w`, row-major, for the 0-based `bands` (planar images
 * need one block per band, at index `band * blocksPerBand + i`; chunky blocks hold them
 * all). A block index beyond the table gets offset and length NaN: the caller refuses it.
 */
export function blocksForWindow(l: BlockLayout, w: PixelWindow, bands: readonly number[]): BlockNeed[] {
  const { across, down } = blockGridOf(l);
  const perBand = across * down;
  const firstCol = Math.floor(w.colOff / l.blockWidth);
  const lastCol = Math.min(Math.floor((w.colOff + w.width - 1) / l.blockWidth), across - 1);
  const firstRow = Math.floor(w.rowOff / l.blockHeight);
  const lastRow = Math.min(Math.floor((w.rowOff + w.height - 1) / l.blockHeight), down - 1);
  const planes = l.planarConfiguration === 2 ? bands : [null];
  const out: BlockNeed[] = [];
  for (const band of planes) {
    for (let by = firstRow; by <= lastRow; by++) {
      for (let bx = firstCol; bx <= lastCol; bx++) {
        const index = (band ?? 0) * perBand + by * across + bx;
        const row0 = by * l.blockHeight;
        const length = Number(l.byteCounts[index] ?? NaN);
        out.push({
          index, band, col0: bx * l.blockWidth, row0,
          decodedHeight: l.tiled ? l.blockHeight : Math.min(l.blockHeight, l.imageHeight - row0),
          offset: Number(l.offsets[index] ?? NaN), length, sparse: length === 0,
        });
      }
    }
  }
  return out;
}
