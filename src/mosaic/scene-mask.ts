/**
 * Cloud masking with a per-scene classification band. For Sentinel-2 L2A's scene
 * classification (SCL, ESA's Level-2A product definition) a pixel is an invalid
 * observation when its class is one of:
 *   0 no data, 1 saturated or defective, 3 cloud shadow, 8 cloud (medium probability),
 *   9 cloud (high probability), 10 thin cirrus.
 * Kept: 2 dark area, 4 vegetation, 5 bare soil, 6 water, 7 unclassified, 11 snow or ice.
 * A pixel outside the mask band's footprint, or nodata in it, is invalid too.
 */

/** SCL classes that make an observation invalid. */
export const SCL_INVALID_CLASSES: readonly number[] = [0, 1, 3, 8, 9, 10];

/**
 * Clears `valid[i]` where the mask class `classes[i]` (NaN = no class) is in `invalid`.
 */
export function applyClassMask(valid: Uint8Array, classes: Float32Array, invalid: readonly number[]): void {
  const bad = new Set(invalid);
  for (let i = 0; i < valid.length; i++) {
    const k = classes[i];
    if (k !== k || bad.has(k)) valid[i] = 0;
  }
}
