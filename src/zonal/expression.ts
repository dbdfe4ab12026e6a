/**
 * Band expressions for zonal statistics, such as `(nir - red) / (nir + red)`: a small
 * recursive-descent parser (never eval) over band names, numbers, + - * /, unary minus,
 * parentheses and the functions abs, sqrt, min, max. Plain data in and out.
 */
import { InputError } from '../errors.js';

/** A parsed expression. */
export type Expr =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'band'; readonly name: string }
  | { readonly kind: 'neg'; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[] };

const FUNCTIONS = { abs: 1, sqrt: 1, min: 2, max: 2 } as const;
type FunctionName = keyof typeof FUNCTIONS;

type Token = { readonly kind: 'number'; readonly value: number; readonly at: number } | { readonly kind: 'name' | 'op'; readonly text: string; readonly at: number };

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function fail(text: string, at: number, why: string): never {
  throw new InputError({
    reason: `cannot parse the expression '${text}' at character ${at + 1}: ${why}`,
    hint: "Write it over band names, numbers, + - * /, parentheses, abs(), sqrt(), min(a, b), max(a, b), e.g. '(nir - red) / (nir + red)'",
  });
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num) {
      out.push({ kind: 'number', value: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      out.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    if ('+-*/(),'.includes(rest[0])) {
      out.push({ kind: 'op', text: rest[0], at: i++ });
      continue;
    }
    fail(text, i, `unexpected '${rest[0]}'`);
  }
  return out;
}

/** Grammar: sum := product (('+'|'-') product)*; product := unary (('*'|'/') unary)*; unary := '-' unary | atom. */
class Parser {
  private pos = 0;
  constructor(private readonly text: string, private readonly tokens: readonly Token[]) {}

  parse(): Expr {
    if (this.tokens.length === 0) fail(this.text, 0, 'it is empty');
    const e = this.sum();
    const extra = this.tokens[this.pos];
    if (extra) fail(this.text, extra.at, `unexpected '${extra.kind === 'number' ? extra.value : extra.text}'`);
    return e;
  }

  private peekOp(...ops: string[]): string | null {
    const t = this.tokens[this.pos];
    return t && t.kind === 'op' && ops.includes(t.text) ? t.text : null;
  }

  private expect(op: string): void {
    if (this.peekOp(op)) {
      this.pos++;
      return;
    }
    const t = this.tokens[this.pos];
    fail(this.text, t ? t.at : this.text.length, `expected '${op}'`);
  }

  private sum(): Expr {
    let left = this.product();
    for (let op = this.peekOp('+', '-'); op; op = this.peekOp('+', '-')) {
      this.pos++;
      left = { kind: 'binary', op: op as '+' | '-', left, right: this.product() };
    }
    return left;
  }

  private product(): Expr {
    let left = this.unary();
    for (let op = this.peekOp('*', '/'); op; op = this.peekOp('*', '/')) {
      this.pos++;
      left = { kind: 'binary', op: op as '*' | '/', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.peekOp('-')) {
      this.pos++;
      return { kind: 'neg', arg: this.unary() };
    }
    if (this.peekOp('+')) {
      this.pos++;
      return this.unary();
    }
    return this.atom();
  }

  private atom(): Expr {
    const t = this.tokens[this.pos];
    if (!t) fail(this.text, this.text.length, 'it ends where a value is expected');
    if (t.kind === 'number') {
      this.pos++;
      return { kind: 'number', value: t.value };
    }
    if (t.kind === 'op') {
      if (t.text !== '(') fail(this.text, t.at, `unexpected '${t.text}'`);
      this.pos++;
      const e = this.sum();
      this.expect(')');
      return e;
    }
    this.pos++;
    if (!this.peekOp('(')) return { kind: 'band', name: t.text };
    return this.call(t.text, t.at);
  }

  private call(name: string, at: number): Expr {
    const fn = name.toLowerCase();
    if (!Object.hasOwn(FUNCTIONS, fn)) fail(this.text, at, `unknown function '${name}' (known: ${Object.keys(FUNCTIONS).join(', ')})`);
    this.expect('(');
    const args: Expr[] = [this.sum()];
    while (this.peekOp(',')) {
      this.pos++;
      args.push(this.sum());
    }
    this.expect(')');
    const arity = FUNCTIONS[fn as FunctionName];
    if (args.length !== arity) fail(this.text, at, `${fn}() takes ${arity} argument${arity > 1 ? 's' : ''}, not ${args.length}`);
    return { kind: 'call', fn: fn as FunctionName, args };
  }
}

/**
 * Parses a band expression.
 * @throws InputError naming the character where it went wrong.
 */
export function parseExpression(text: string): Expr {
  return new Parser(text, tokenize(text)).parse();
}

/** The band names an expression reads, in first-use order. */
export function bandsOf(e: Expr, out: string[] = []): string[] {
  if (e.kind === 'band' && !out.includes(e.name)) out.push(e.name);
  else if (e.kind === 'neg') bandsOf(e.arg, out);
  else if (e.kind === 'binary') [e.left, e.right].forEach((x) => bandsOf(x, out));
  else if (e.kind === 'call') e.args.forEach((x) => bandsOf(x, out));
  return out;
}

/** An intermediate result: its values, and whether this evaluation may write over them (not a band's input). */
interface Values {
  readonly a: Float64Array;
  readonly owned: boolean;
}

/** Applies `f` to every element into a writable array. */
function mapped(v: Values, f: (x: number) => number): Values {
  const out = v.owned ? v.a : new Float64Array(v.a.length);
  for (let i = 0; i < out.length; i++) out[i] = f(v.a[i]);
  return { a: out, owned: true };
}

/** `l op r` elementwise, into whichever operand this evaluation owns (else a new array). */
function combined(l: Values, r: Values, op: (x: number, y: number) => number, kind: string): Values {
  const out = l.owned ? l.a : r.owned ? r.a : new Float64Array(l.a.length);
  const x = l.a;
  const y = r.a;
  const n = out.length;
  // the four operators as plain loops: a call per pixel would cost more than the arithmetic
  if (kind === '+') for (let i = 0; i < n; i++) out[i] = x[i] + y[i];
  else if (kind === '-') for (let i = 0; i < n; i++) out[i] = x[i] - y[i];
  else if (kind === '*') for (let i = 0; i < n; i++) out[i] = x[i] * y[i];
  else if (kind === '/') for (let i = 0; i < n; i++) out[i] = x[i] / y[i];
  else for (let i = 0; i < n; i++) out[i] = op(x[i], y[i]);
  return { a: out, owned: true };
}

function evaluate(e: Expr, bands: readonly string[], arrays: readonly ArrayLike<number>[], n: number): Values {
  switch (e.kind) {
    case 'number':
      return { a: new Float64Array(n).fill(e.value), owned: true };
    case 'band': {
      const src = arrays[bands.indexOf(e.name)];
      // read in place when it is float64 already (the gathered pixels): never written, only read
      return src instanceof Float64Array && src.length === n ? { a: src, owned: false } : { a: Float64Array.from({ length: n }, (_, i) => src[i]), owned: true };
    }
    case 'neg':
      return mapped(evaluate(e.arg, bands, arrays, n), (x) => -x);
    case 'binary':
      return combined(evaluate(e.left, bands, arrays, n), evaluate(e.right, bands, arrays, n), () => NaN, e.op);
    case 'call': {
      const [f, g] = e.args.map((a) => evaluate(a, bands, arrays, n));
      if (e.fn === 'abs') return mapped(f, Math.abs);
      if (e.fn === 'sqrt') return mapped(f, Math.sqrt);
      // numpy's minimum/maximum: NaN in either gives NaN (Math.min/max agree)
      return combined(f, g, e.fn === 'min' ? Math.min : Math.max, e.fn);
    }
  }
}

/**
 * The expression's value at each of `n` pixels, from one array per band (ordered as
 * `bands` lists them), evaluated node by node over whole arrays: tight loops, no call per
 * pixel, and a new array only where no operand can be written over. Division by zero gives
 * an infinity or NaN, as in numpy. The result is the caller's to modify; the inputs are
 * never written.
 */
export function evaluateExpression(e: Expr, bands: readonly string[], arrays: readonly ArrayLike<number>[], n: number): Float64Array {
  const v = evaluate(e, bands, arrays, n);
  return v.owned ? v.a : Float64Array.from(v.a);
}
