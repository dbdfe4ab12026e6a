/**
 * A cap on bytes held at once: a reader takes its share before it fetches and gives it back
 * once the bytes are consumed, so a wave of many files holds at most the cap however large
 * the DuckDB chunk (as SedonaDB's max_batch_bytes bounds a batch). A request larger than the
 * whole cap waits until nothing else is held, then goes alone. Waiters are served in order.
 */
import { InputError } from '../errors.js';

export class ByteBudget {
  private held = 0;
  private readonly waiting: { readonly bytes: number; readonly go: () => void }[] = [];

  constructor(readonly capBytes: number) {}

  /** Resolves once `bytes` may be held; pair with {@link give}. */
  take(bytes: number): Promise<void> {
    if (this.waiting.length === 0 && this.fits(bytes)) {
      this.held += bytes;
      return Promise.resolve();
    }
    return new Promise((go) => this.waiting.push({ bytes, go }));
  }

  /** Gives back bytes taken, letting waiters in. */
  give(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
    while (this.waiting.length > 0 && this.fits(this.waiting[0].bytes)) {
      const next = this.waiting.shift() as { bytes: number; go: () => void };
      this.held += next.bytes;
      next.go();
    }
  }

  /** Bytes held now. */
  get heldBytes(): number {
    return this.held;
  }

  private fits(bytes: number): boolean {
    return this.held === 0 || this.held + bytes <= this.capBytes;
  }
}

const DEFAULT_WAVE_MB = 64;

/**
 * The cap on a wave's fetched bytes held at once in one I/O worker: RASTERDUCK_WAVE_MB
 * (default 64). @throws InputError when it is not a number of megabytes > 0.
 */
export function waveBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RASTERDUCK_WAVE_MB;
  if (raw === undefined || raw === '') return DEFAULT_WAVE_MB * 1024 * 1024;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0) {
    throw new InputError({ reason: `RASTERDUCK_WAVE_MB=${raw} is not a number of megabytes > 0`, hint: `Unset it for the default (${DEFAULT_WAVE_MB})` });
  }
  return Math.floor(mb * 1024 * 1024);
}

let shared: ByteBudget | undefined;

/** This thread's budget for fetched block bytes, sized once from RASTERDUCK_WAVE_MB. */
export function waveBudget(): ByteBudget {
  shared ??= new ByteBudget(waveBytes());
  return shared;
}
