/**
 * A disjoint-set forest over dense integer ids, with path halving and union by index
 * (the smaller root wins), so the root of a set is always its smallest id: polygonize
 * relies on that to number regions by their first pixel in raster order.
 */
export class UnionFind {
  private parent: Int32Array;
  private count = 0;

  constructor(capacity = 16) {
    this.parent = new Int32Array(Math.max(1, capacity));
  }

  /** Number of ids handed out so far. */
  get size(): number {
    return this.count;
  }

  /** Adds `n` singleton sets and returns the first new id. */
  add(n = 1): number {
    const first = this.count;
    if (first + n > this.parent.length) {
      const grown = new Int32Array(Math.max(first + n, this.parent.length * 2));
      grown.set(this.parent.subarray(0, first));
      this.parent = grown;
    }
    for (let i = 0; i < n; i++) this.parent[first + i] = first + i;
    this.count += n;
    return first;
  }

  /** The root (smallest id) of the set holding `id`. */
  find(id: number): number {
    const p = this.parent;
    while (p[id] !== id) {
      p[id] = p[p[id]];
      id = p[id];
    }
    return id;
  }

  /** Merges the sets of `a` and `b`; returns the surviving root. */
  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    if (ra < rb) {
      this.parent[rb] = ra;
      return ra;
    }
    this.parent[ra] = rb;
    return rb;
  }
}
