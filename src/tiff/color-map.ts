/**
 * The colour table of a palette image (PhotometricInterpretation 3) as GDAL 3.6 reports it:
 * TIFF's ColorMap holds 16-bit reds, then greens, then blues for each of the 2^bits indices;
 * GDAL scales them to 0-255 (gtiffdataset.cpp: a table whose values all fit in 8 bits is
 * taken as written, one whose values are all multiples of 257 is divided by 257, any other
 * by 256) and gives every entry alpha 255.
 */

/** One entry, 0-255 per channel, as rasterio's `colormap(1)[index]`. */
export interface ColorEntry {
  readonly index: number;
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** The entries of a ColorMap tag; null when it is absent or not 3 equal thirds. */
export function colorEntriesOf(colorMap: readonly number[] | undefined): ColorEntry[] | null {
  if (!colorMap || colorMap.length === 0 || colorMap.length % 3 !== 0) return null;
  const n = colorMap.length / 3;
  const max = Math.max(...colorMap);
  const divisor = max < 256 ? 1 : colorMap.every((v) => v % 257 === 0) ? 257 : 256;
  const scale = (v: number) => Math.floor(v / divisor);
  return Array.from({ length: n }, (_, i) => ({
    index: i, r: scale(colorMap[i]), g: scale(colorMap[n + i]), b: scale(colorMap[2 * n + i]), a: 255,
  }));
}
