/**
 * The per-pixel median over a stack of observations, with numpy's nanmedian semantics:
 * NaN observations are ignored, an even count gives the mean of the two middle values,
 * and a pixel with no valid observation is NaN.
 */

/**
 * Median of `stack` (`layers` planes of `pixels` values each, NaN = no observation) into
 * `out`; `counts[i]` gets the number of valid observations of pixel i.
 */
export function nanMedian(stack: Float32Array, layers: number, pixels: number, out: Float32Array, counts: Uint16Array): void {
  const scratch = new Float64Array(layers);
  for (let i = 0; i < pixels; i++) {
    let n = 0;
    for (let l = 0; l < layers; l++) {
      const v = stack[l * pixels + i];
      if (v === v) scratch[n++] = v;
    }
    counts[i] = n;
    out[i] = n === 0 ? NaN : middle(scratch, n);
  }
}

// insertion sort: a pixel has a handful of observations
function middle(values: Float64Array, n: number): number {
  for (let i = 1; i < n; i++) {
    const v = values[i];
    let j = i - 1;
    while (j >= 0 && values[j] > v) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = v;
  }
  const h = n >> 1;
  return n % 2 === 1 ? values[h] : (values[h - 1] + values[h]) / 2;
}
