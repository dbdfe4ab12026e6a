// The band expression parser: precedence, unary minus, functions, and errors that point at the character.
import { describe, expect, it } from 'vitest';
import { bandsOf, evaluateExpression, parseExpression } from '../../src/zonal/expression.js';

/** The value of an expression at one pixel, bands given by name. */
function valueOf(text: string, bands: Record<string, number>): number {
  const names = Object.keys(bands);
  return evaluateExpression(parseExpression(text), names, names.map((n) => [bands[n]]), 1)[0];
}

describe('parseExpression', () => {
  it('follows arithmetic precedence and associativity (checked by hand)', () => {
    expect(valueOf('(nir - red) / (nir + red)', { nir: 3, red: 1 })).toBe(0.5);
    expect(valueOf('a - b - c', { a: 10, b: 3, c: 2 })).toBe(5);
    expect(valueOf('a / b / c', { a: 24, b: 3, c: 2 })).toBe(4);
    expect(valueOf('a + b * c', { a: 1, b: 2, c: 3 })).toBe(7);
    expect(valueOf('-a * -b', { a: 2, b: 3 })).toBe(6);
    expect(valueOf('--a', { a: 2 })).toBe(2);
    expect(valueOf('2.5e1 + .5 - 1.', {})).toBe(24.5);
    expect(valueOf('-2 * (a + 1)', { a: 4 })).toBe(-10);
  });

  it('has abs, sqrt, min and max (any case), NaN-propagating like numpy', () => {
    expect(valueOf('abs(a - b) + sqrt(b) + MIN(a, b) * max(a, 2 * b)', { a: 1, b: 4 })).toBe(3 + 2 + 1 * 8);
    expect(valueOf('max(a, b)', { a: NaN, b: 1 })).toBeNaN();
    expect(valueOf('a / b', { a: 1, b: 0 })).toBe(Infinity);
    expect(valueOf('(a - a) / (b - b)', { a: 1, b: 0 })).toBeNaN();
  });

  it('never writes over its float64 inputs, which it reads in place, and gives the caller its own array', () => {
    const nir = Float64Array.from([3, 5, 8, 0]);
    const red = Float64Array.from([1, 5, 2, 0]);
    const copies = [Float64Array.from(nir), Float64Array.from(red)];
    for (const text of ['(nir - red) / (nir + red)', 'nir', '-nir', 'abs(red)', 'max(nir, red) * 2', 'nir * nir - red']) {
      const out = evaluateExpression(parseExpression(text), ['nir', 'red'], [nir, red], 4);
      expect(out, text).not.toBe(nir);
      expect(out, text).not.toBe(red);
      out.fill(-1);
      expect([nir, red], text).toEqual(copies);
    }
    expect(Array.from(evaluateExpression(parseExpression('(nir - red) / (nir + red)'), ['nir', 'red'], [nir, red], 4))).toEqual([0.5, 0, 0.6, NaN]);
  });

  it('lists the bands it reads in first-use order', () => {
    expect(bandsOf(parseExpression('(B08 - b04) / (B08 + b04) + max(swir_1, 0)'))).toEqual(['B08', 'b04', 'swir_1']);
    expect(bandsOf(parseExpression('1 + 2'))).toEqual([]);
  });

  it.each([
    ['', /character 1: it is empty/],
    ['(nir - red', /character 11: expected '\)'/],
    ['nir red', /character 5: unexpected 'red'/],
    ['nir ** 2', /character 6: unexpected '\*'/],
    ['nir; process.exit()', /character 4: unexpected ';'/],
    ['log(nir)', /unknown function 'log' \(known: abs, sqrt, min, max\)/],
    ['min(nir)', /min\(\) takes 2 arguments, not 1/],
    ['abs(a, b)', /abs\(\) takes 1 argument, not 2/],
    ['nir + ', /character 7: it ends where a value is expected/],
    ['nir["x"]', /unexpected '\['/],
  ])('refuses %j naming where', (text, message) => {
    expect(() => parseExpression(text)).toThrow(message);
  });
});
