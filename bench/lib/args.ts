/** Command-line options shared by the benchmarks: --quick and --name value pairs. */
export type BenchArgs<T extends Record<string, number>> = T & { quick: boolean };

/** Parses `--quick` (small sizes, one run: CI checks the scripts still work) and `--key N`. */
export function benchArgs<T extends Record<string, number>>(argv: readonly string[], defaults: T): BenchArgs<T> {
  const out: Record<string, number | boolean> = { ...defaults, quick: argv.includes('--quick') };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (key in defaults) out[key] = Number(argv[++i]);
  }
  if (out.quick) {
    for (const key of Object.keys(defaults)) if (key === 'files' || key === 'chips') out[key] = Math.min(Number(out[key]), 50);
    out.runs = 1;
  }
  return out as BenchArgs<T>;
}
