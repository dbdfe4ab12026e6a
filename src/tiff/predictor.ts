/**
 * Undoing TIFF predictors (tag 317) on a decompressed block, in place, the way libtiff's
 * tif_predict.c does, so the samples equal what GDAL reads.
 *
 * Order matters and follows libtiff: the horizontal predictor (2) accumulates native-endian
 * integers, so big-endian data is byte-swapped first (swabHorAcc16/32/64); the
 * floating-point predictor (3, TIFF Technical Note 3) works on bytes laid out most
 * significant plane first whatever the file's byte order, and its output is already
 * native-endian, so nothing is swapped after it (libtiff sets no post-decode swab).
 */

/** Shape of a block's samples: rows of `width` pixels with `samples` interleaved samples each. */
export interface SampleLayout {
  readonly width: number;
  readonly height: number;
  readonly samples: number;
  readonly bytesPerSample: number;
}

/** True on little-endian hosts (every platform Node ships for, but stay honest). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reverses each sample's bytes in place, turning the other byte order into this host's.
 * @param bytesPerSample 1 (no-op), 2, 4 or 8.
 */
export function swapBytes(bytes: Uint8Array, bytesPerSample: number): void {
  if (bytesPerSample === 1) return;
  for (let i = 0; i + bytesPerSample <= bytes.length; i += bytesPerSample) {
    for (let a = i, b = i + bytesPerSample - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/**
 * Undoes horizontal differencing (predictor 2) in place on native-endian samples: each
 * sample adds the same sample of the pixel to its left, wrapping like the unsigned
 * integer of its width (so signed types and float bit patterns come out right too).
 */
export function undoHorizontal(bytes: Uint8Array, layout: SampleLayout): void {
  const { width, height, samples, bytesPerSample } = layout;
  const rowLength = width * samples;
  // one loop per element type: a loop that sees one typed-array class stays monomorphic (~4x faster)
  switch (bytesPerSample) {
    case 1:
      accumulate8(bytes, rowLength, height, samples);
      return;
    case 2:
      accumulate16(new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1), rowLength, height, samples);
      return;
    case 4:
      accumulate32(new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2), rowLength, height, samples);
      return;
    default:
      undoHorizontal64(bytes, layout);
  }
}

// Each keeps a running sum for single-sample rows (one load per sample instead of two);
// masking it, or a typed-array store, wraps modulo 2^bits: libtiff's unsigned accumulation.

function accumulate8(w: Uint8Array, rowLength: number, height: number, samples: number): void {
  for (let start = 0, row = 0; row < height; row++, start += rowLength) {
    const end = start + rowLength;
    if (samples === 1) {
      let acc = w[start];
      for (let i = start + 1; i < end; i++) w[i] = acc = (acc + w[i]) & 0xff;
    } else if (samples === 3) {
      // RGB imagery, the common 8-bit case
      let r = w[start];
      let g = w[start + 1];
      let b = w[start + 2];
      for (let i = start + 3; i < end; i += 3) {
        w[i] = r = (r + w[i]) & 0xff;
        w[i + 1] = g = (g + w[i + 1]) & 0xff;
        w[i + 2] = b = (b + w[i + 2]) & 0xff;
      }
    } else {
      for (let i = start + samples; i < end; i++) w[i] += w[i - samples];
    }
  }
}

function accumulate16(w: Uint16Array, rowLength: number, height: number, samples: number): void {
  for (let start = 0, row = 0; row < height; row++, start += rowLength) {
    const end = start + rowLength;
    if (samples === 1) {
      let acc = w[start];
      for (let i = start + 1; i < end; i++) w[i] = acc = (acc + w[i]) & 0xffff;
    } else {
      for (let i = start + samples; i < end; i++) w[i] += w[i - samples];
    }
  }
}

function accumulate32(w: Uint32Array, rowLength: number, height: number, samples: number): void {
  for (let start = 0, row = 0; row < height; row++, start += rowLength) {
    const end = start + rowLength;
    if (samples === 1) {
      let acc = w[start] | 0;
      for (let i = start + 1; i < end; i++) w[i] = acc = (acc + w[i]) | 0;
    } else {
      for (let i = start + samples; i < end; i++) w[i] += w[i - samples];
    }
  }
}

/** Predictor 2 on 64-bit samples (libtiff horAcc64), as two 32-bit halves with carry. */
function undoHorizontal64(bytes: Uint8Array, layout: SampleLayout): void {
  const { width, height, samples } = layout;
  const w = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  const [lo, hi] = HOST_LITTLE_ENDIAN ? [0, 1] : [1, 0];
  const rowLength = width * samples;
  for (let row = 0; row < height; row++) {
    const end = (row + 1) * rowLength;
    for (let i = row * rowLength + samples; i < end; i++) {
      const a = 2 * i;
      const b = 2 * (i - samples);
      const low = w[a + lo] + w[b + lo];
      w[a + lo] = low;
      w[a + hi] = w[a + hi] + w[b + hi] + (low > 0xffffffff ? 1 : 0);
    }
  }
}

/**
 * Undoes the floating-point predictor (predictor 3, libtiff fpAcc) in place, row by row:
 * bytes are accumulated with a stride of one pixel, then the byte planes (most significant
 * first) are interleaved back into samples in host byte order.
 */
export function undoFloatingPoint(bytes: Uint8Array, layout: SampleLayout): void {
  const { width, height, samples, bytesPerSample: bps } = layout;
  const wc = width * samples;
  const rowBytes = wc * bps;
  const tmp = new Uint8Array(rowBytes);
  for (let row = 0; row < height; row++) {
    const start = row * rowBytes;
    for (let i = start + samples; i < start + rowBytes; i++) bytes[i] += bytes[i - samples];
    tmp.set(bytes.subarray(start, start + rowBytes));
    for (let b = 0; b < bps; b++) {
      // plane 0 holds the most significant byte of every sample
      const plane = (HOST_LITTLE_ENDIAN ? bps - 1 - b : b) * wc;
      for (let k = 0, o = start + b; k < wc; k++, o += bps) bytes[o] = tmp[plane + k];
    }
  }
}
