/**
 * One row of a chip read, before any pixel is fetched: the geometry in the raster's CRS,
 * its window (rasterio's geometry_window), the mask of pixels inside it (rasterio's
 * geometry_mask) and the blocks of the image and of its internal mask the window needs.
 */
import { FormatError, InputError } from '../errors.js';
import { transformGeometry } from '../geo/crs.js';
import type { Geometry, GeometryCollection } from '../geo/geometry.js';
import { polygonalCollection } from '../geo/polygonal-collection.js';
import { rasterizeGeometry } from '../geo/rasterize.js';
import { readWkb } from '../geo/wkb.js';
import { geometryWindow, windowTransform, type Window } from '../geo/window.js';
import { blockCountOf, blocksForWindow, type BlockLayout, type BlockNeed } from '../planner/tiles-for-window.js';
import { bytesPerSampleOf } from '../tiff/dtype.js';
import type { TiffImage } from '../tiff/tiff-image.js';
import { checkChipSize } from './chip-size-limit.js';
import type { AffineArray, ChipRequest } from './chip.js';
import type { ChipRaster } from './chip-raster.js';
import { checkLonLatMiss } from './crs-mistake.js';

/** Everything needed to assemble one chip once its blocks are decoded. */
export interface ChipPlan {
  readonly raster: ChipRaster;
  readonly window: Window;
  readonly transform: AffineArray;
  /** height·width, 1 where rasterio's geometry_mask burns the geometry. */
  readonly inside: Uint8Array;
  readonly dataBlocks: readonly BlockNeed[];
  readonly maskBlocks: readonly BlockNeed[];
}

/** The block layout of an IFD, checked against its block table. */
export function layoutOf(image: TiffImage, url: string): BlockLayout {
  const layout: BlockLayout = {
    imageWidth: image.width, imageHeight: image.height, blockWidth: image.blockWidth, blockHeight: image.blockHeight,
    tiled: image.tiled, samplesPerPixel: image.samplesPerPixel, planarConfiguration: image.planarConfiguration,
    offsets: image.blockOffsets, byteCounts: image.blockByteCounts,
  };
  const need = blockCountOf(layout);
  if (image.blockOffsets.length < need || image.blockByteCounts.length < need) {
    throw new FormatError({ url, reason: `IFD ${image.ifdIndex} lists ${image.blockOffsets.length} block offsets and ${image.blockByteCounts.length} byte counts for ${need} blocks` });
  }
  return layout;
}

/**
 * A collection of polygons read as the MULTIPOLYGON of its polygons (the same pixels GDAL
 * burns for it). A point or line among them is refused: GDAL would burn it as a line of
 * pixels, rarely what a collection of areas means, and guessing would be a silent choice.
 */
function polygonsOf(g: GeometryCollection, url: string): Geometry {
  const r = polygonalCollection(g);
  if (r.ok) return r.geometry;
  const type = r.type.toUpperCase(); // the WKT name: 'LineString' -> 'LINESTRING'
  throw new InputError({
    url,
    reason: `GEOMETRYCOLLECTION member ${r.member} is a ${type}; a collection is read as the MULTIPOLYGON of its members, so they must be POLYGONs or MULTIPOLYGONs`,
    hint: `Leave the ${type} out of the collection, pass it to read_chip as its own geometry (read_chip takes points and lines, as rasterio does), or read the bounding box with ST_Envelope(geom)`,
  });
}

/** The request's geometry in the raster's CRS, and whether the row named its CRS (geom_crs or an EWKB SRID). */
function geometryOf(req: ChipRequest, raster: ChipRaster): { g: Geometry; crsGiven: boolean } {
  const { geometry: read, srid } = readWkb(req.wkb);
  const geometry = read.type === 'GeometryCollection' ? polygonsOf(read, req.url) : read;
  const from = req.geometryCrs ?? (srid ? `EPSG:${srid}` : null);
  if (!from) return { g: geometry, crsGiven: false };
  if (!raster.crs) {
    throw new InputError({ url: req.url, reason: `the geometry is in ${from} but the raster has no CRS rasterduck can name`, hint: 'Pass the geometry in the raster\'s own coordinates, without a CRS' });
  }
  return { g: transformGeometry(geometry, from, raster.crs, { alwaysXy: true }), crsGiven: true };
}

/**
 * Plans one row: null when the geometry does not overlap the raster (rasterio's
 * WindowError), else its window, transform, inside-mask and blocks.
 * @throws InputError for unreadable WKB, a GEOMETRYCOLLECTION with a member that is not a
 * polygon, a CRS that cannot be transformed, a lon/lat geometry given without its CRS to a
 * projected raster it misses (see crs-mistake.ts), or a chip past RASTERDUCK_MAX_CHIP_MB
 * (checked before anything is allocated or fetched); FormatError for a block table shorter
 * than the grid.
 */
export function planChip(req: ChipRequest, raster: ChipRaster, allTouched: boolean): ChipPlan | null {
  const { g, crsGiven } = geometryOf(req, raster);
  const { image } = raster;
  const window = geometryWindow(g, raster.affine, image.width, image.height);
  if (!window) {
    checkLonLatMiss(g, raster, crsGiven);
    return null;
  }
  checkChipSize({ bands: image.samplesPerPixel, height: window.height, width: window.width, bytesPerValue: bytesPerSampleOf(raster.dtype), what: `the ${raster.dtype} chip`, url: req.url });
  const t = windowTransform(raster.affine, window);
  const inside = rasterizeGeometry(g, { transform: t, width: window.width, height: window.height, allTouched });
  const bands = Array.from({ length: image.samplesPerPixel }, (_, b) => b);
  const dataBlocks = blocksForWindow(layoutOf(image, req.url), window, bands);
  const maskBlocks = raster.mask ? blocksForWindow(layoutOf(raster.mask, req.url), window, [0]) : [];
  return { raster, window, transform: [t.a, t.b, t.c, t.d, t.e, t.f], inside, dataBlocks, maskBlocks };
}
