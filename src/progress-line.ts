/**
 * One progress line on stderr while long work runs (a build listing pages and reading
 * headers, build_mosaic, predict_block, vectorize), redrawn in place. Written with
 * fs.writeSync to fd 2 from an I/O worker: the main thread is blocked in runSync, so
 * stream writes that go through it would only appear afterwards.
 * Silent unless stderr is a terminal.
 */
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';

const STDERR = 2;
/** Redraw at most this often, so thousands of header completions cost no terminal time. */
const MIN_INTERVAL_MS = 100;

/** A progress line that can be updated and cleared. */
export class ProgressLine {
  private last = 0;
  private shown = false;
  private readonly enabled: boolean;

  constructor(enabled: boolean) {
    this.enabled = enabled && isatty(STDERR);
  }

  /** Shows `text` (throttled unless `force`). */
  update(text: string, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < MIN_INTERVAL_MS) return;
    this.last = now;
    this.shown = true;
    write(`\r\x1b[K${text}`);
  }

  /** Removes the line, leaving the terminal as it was. */
  clear(): void {
    if (!this.enabled || !this.shown) return;
    this.shown = false;
    write('\r\x1b[K');
  }
}

function write(text: string): void {
  try {
    writeSync(STDERR, text);
  } catch {
    // a closed or full stderr must never fail a build
  }
}
