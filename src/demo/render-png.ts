/**
 * Draws the pipeline's result: the mosaic in true colour (B04, B03, B02 of one time step,
 * linearly stretched) with the field polygons outlined, on the mosaic's pixel grid.
 */
import type { Geometry, Position } from '../geo/geometry.js';
import { openRasterCube } from '../zarr/raster-cube-reader.js';
import { encodePng } from './png.js';

/** What to draw: the mosaic cube, its RGB band names, the time step and the polygons (in the mosaic's CRS). */
export interface PictureSpec {
  readonly mosaic: string;
  readonly rgb: readonly [string, string, string];
  readonly time: number;
  readonly polygons: readonly Geometry[];
  /** Reflectance x 10000 shown as full brightness; default 2500. */
  readonly whiteDn?: number;
}

/** Renders the picture as PNG bytes. */
export function renderPipelinePng(spec: PictureSpec): Buffer {
  const cube = openRasterCube(spec.mosaic);
  const { width, height, transform } = cube.grid;
  const rgb = new Uint8Array(width * height * 3);
  const white = spec.whiteDn ?? 2500;
  spec.rgb.forEach((name, k) => {
    const band = cube.bands.indexOf(name);
    const plane = cube.data.read({ start: [spec.time, band, 0, 0], shape: [1, 1, height, width] });
    for (let i = 0; i < plane.length; i++) {
      const v = plane[i];
      rgb[i * 3 + k] = v === v ? Math.max(0, Math.min(255, Math.round(255 * Math.sqrt(Math.max(0, v) / white)))) : 0;
    }
  });
  const plot = (col: number, row: number): void => {
    if (col < 0 || row < 0 || col >= width || row >= height) return;
    rgb.set([255, 230, 0], (row * width + col) * 3);
  };
  const line = (p: Position, q: Position): void => {
    // map to pixel-edge coordinates, then step along the edge's pixels (edges are axis-aligned or short)
    const [c0, r0] = [(p[0] - transform.c) / transform.a, (p[1] - transform.f) / transform.e];
    const [c1, r1] = [(q[0] - transform.c) / transform.a, (q[1] - transform.f) / transform.e];
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(c1 - c0), Math.abs(r1 - r0))));
    for (let s = 0; s <= steps; s++) {
      const [c, r] = [c0 + ((c1 - c0) * s) / steps, r0 + ((r1 - r0) * s) / steps];
      plot(Math.min(Math.floor(c), width - 1), Math.min(Math.floor(r), height - 1));
    }
  };
  const rings = (g: Geometry): readonly (readonly Position[])[] =>
    g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
  for (const g of spec.polygons) for (const ring of rings(g)) for (let i = 1; i < ring.length; i++) line(ring[i - 1], ring[i]);
  return encodePng(width, height, rgb);
}
