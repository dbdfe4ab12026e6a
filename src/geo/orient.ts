/**
 * The exact orientation test every predicate in src/geo is built on. Floating-point
 * cross products misjudge points that lie on or near a line; with an exact sign, touching
 * is always seen as touching (OGC intersects) however the coordinates round.
 */
import type { Position } from './geometry.js';

// Shewchuk's error bound for the floating-point stage of orient2d (ccwerrboundA in
// "Adaptive Precision Floating-Point Arithmetic and Fast Robust Geometric Predicates", 1997)
const EPSILON = 2 ** -53;
const ERROR_BOUND = (3 + 16 * EPSILON) * EPSILON;
const MIN_NORMAL_SUM = 2 ** -900;

/**
 * The side of line a→b that c lies on, exactly: 1 left (counter-clockwise turn),
 * -1 right, 0 on the line. Coordinates that are NaN or infinite give 0.
 */
export function orient(a: Position, b: Position, c: Position): -1 | 0 | 1 {
  const acx = a[0] - c[0];
  const bcy = b[1] - c[1];
  const acy = a[1] - c[1];
  const bcx = b[0] - c[0];
  // a difference of doubles is 0 only when they are equal, so these products are exactly 0
  if ((acx === 0 || bcy === 0) && (acy === 0 || bcx === 0)) return 0;
  const left = acx * bcy;
  const right = acy * bcx;
  const sum = Math.abs(left) + Math.abs(right);
  // the bound assumes no underflow, so tiny products take the exact path
  if (sum > MIN_NORMAL_SUM) {
    const det = left - right;
    const bound = ERROR_BOUND * sum;
    if (det > bound) return 1;
    if (-det > bound) return -1;
  }
  return exactOrient(a, b, c);
}

// Rare slow path: the same determinant in exact integer arithmetic
function exactOrient(a: Position, b: Position, c: Position): -1 | 0 | 1 {
  const values = [a[0], a[1], b[0], b[1], c[0], c[1]];
  if (!values.every(Number.isFinite)) return 0;
  const [ax, ay, bx, by, cx, cy] = values.map(scaledInteger);
  const det = (ax - cx) * (by - cy) - (ay - cy) * (bx - cx);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

const BITS = new DataView(new ArrayBuffer(8));

// Every finite double is an integer multiple of 2^-1074, so v * 2^1074 is an exact integer
function scaledInteger(v: number): bigint {
  BITS.setFloat64(0, v);
  const hi = BITS.getUint32(0);
  const lo = BITS.getUint32(4);
  const exponent = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exponent !== 0) mantissa |= 1n << 52n;
  // v = mantissa * 2^(max(exponent, 1) - 1075), IEEE 754 binary64
  const scaled = mantissa << BigInt(Math.max(exponent, 1) - 1);
  return hi >>> 31 ? -scaled : scaled;
}
