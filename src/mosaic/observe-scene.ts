/**
 * One scene's observations of one block: for each band (and the mask band), the source
 * window under the block is read through the chip machinery (cached cog_metadata, one
 * concurrent wave of coalesced range reads for all of the scene's bands), then resampled
 * onto the block's target pixels by inverse mapping.
 */
import { readChipRows } from '../chip/read-chip-rows.js';
import type { Chip, ChipRequest } from '../chip/chip.js';
import { chipValues } from '../chip/values.js';
import { toWkb } from '../geo/wkb.js';
import { unwrap } from '../io/outcome.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';
import { affineOf, type MosaicScene } from './mosaic-job.js';
import { resampleInto, type Resampling } from './resample.js';
import { applyClassMask } from './scene-mask.js';

// pixels read beyond the block's source footprint, so cubic's 4x4 kernel has its neighbours
const MARGIN_PX = 3;

/** A pixel window of a source raster: columns [col0, col1), rows [row0, row1). */
interface SourceBox {
  readonly col0: number;
  readonly row0: number;
  readonly col1: number;
  readonly row1: number;
}

/** The source pixels under target centres `srcXY` (in the raster's CRS), with a margin; null when none. */
export function sourceBox(meta: CogMetadata, srcXY: Float64Array): SourceBox | null {
  const t = affineOf(meta, meta.href);
  let [u0, v0, u1, v1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < srcXY.length; i += 2) {
    const u = (srcXY[i] - t.c) / t.a;
    const v = (srcXY[i + 1] - t.f) / t.e;
    if (u < u0) u0 = u;
    if (u > u1) u1 = u;
    if (v < v0) v0 = v;
    if (v > v1) v1 = v;
  }
  const box = {
    col0: Math.max(0, Math.floor(u0) - MARGIN_PX), row0: Math.max(0, Math.floor(v0) - MARGIN_PX),
    col1: Math.min(meta.image_width, Math.floor(u1) + MARGIN_PX + 1), row1: Math.min(meta.image_height, Math.floor(v1) + MARGIN_PX + 1),
  };
  return box.col1 > box.col0 && box.row1 > box.row0 ? box : null;
}

// the window as a polygon on pixel edges: with the centre rule it selects exactly the window
function windowRequest(meta: CogMetadata, box: SourceBox): ChipRequest {
  const t = affineOf(meta, meta.href);
  const [x0, x1] = [t.c + t.a * box.col0, t.c + t.a * box.col1];
  const [y0, y1] = [t.f + t.e * box.row0, t.f + t.e * box.row1];
  const ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]] as const;
  return { url: meta.href, wkb: toWkb({ type: 'Polygon', coordinates: [ring] }), geometryCrs: null, metadata: meta };
}

function resampleChip(chip: Chip | null, srcXY: Float64Array, kernel: Resampling, pixels: number): Float32Array {
  const out = new Float32Array(pixels).fill(NaN);
  if (!chip) return out;
  const [a, , c, , e, f] = chip.transform;
  resampleInto({ values: chipValues(chip), valid: chip.mask, width: chip.width, height: chip.height, a, c, e, f }, srcXY, kernel, out);
  return out;
}

/** What one scene saw of a block: one plane per band, NaN where the observation is invalid. */
export interface SceneObservation {
  readonly planes: Float32Array[];
  /** Bytes of the chips read, for the memory estimate. */
  readonly sourceBytes: number;
}

/**
 * Reads and resamples one scene's bands over a block. `srcXY` holds the block's target pixel
 * centres in the scene's CRS. Observations are invalid where the band is nodata or outside
 * the scene, and, with a mask band, where its class (nearest) is in `maskClasses`.
 * @throws the chip read's error (FetchError, FormatError) naming the file.
 */
export async function observeScene(
  scene: MosaicScene, bands: readonly string[], srcXY: Float64Array, kernel: Resampling, maskClasses: readonly number[],
): Promise<SceneObservation | null> {
  const pixels = srcXY.length / 2;
  const metas = [...bands.map((b) => scene.bands[b]), ...(scene.mask ? [scene.mask] : [])];
  const boxes = metas.map((m) => sourceBox(m, srcXY));
  if (boxes[0] === null) return null;
  const wanted = metas.flatMap((m, i) => (boxes[i] ? [{ i, request: windowRequest(m, boxes[i] as SourceBox) }] : []));
  const outcomes = await readChipRows({ requests: wanted.map((w) => w.request), allTouched: false });
  const chips: (Chip | null)[] = metas.map(() => null);
  wanted.forEach((w, k) => { chips[w.i] = unwrap(outcomes[k]); });
  const planes = bands.map((_, i) => resampleChip(chips[i], srcXY, kernel, pixels));
  if (scene.mask) {
    const classes = resampleChip(chips[bands.length], srcXY, 'nearest', pixels);
    const valid = new Uint8Array(pixels).fill(1);
    applyClassMask(valid, classes, maskClasses);
    for (const p of planes) for (let i = 0; i < pixels; i++) if (valid[i] === 0) p[i] = NaN;
  }
  return { planes, sourceBytes: chips.reduce((n, c) => n + (c ? c.data.length + c.mask.length : 0), 0) };
}
