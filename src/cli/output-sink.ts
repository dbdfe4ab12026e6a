/**
 * Where results go: stdout, or a file named by `.output FILE` (until `.output` alone) or
 * `.once FILE` (the next result only), as in the DuckDB shell.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** The shell's current output. */
export class OutputSink {
  private fd: number | undefined;
  private once = false;

  constructor(private readonly stdout: (text: string | Uint8Array) => void) {}

  /** True when results go to the terminal (a box then fits its width). */
  get isTerminal(): boolean {
    return this.fd === undefined && process.stdout.isTTY === true;
  }

  /** Sends results to `file` (truncating it), or back to stdout when `file` is empty. */
  redirect(file: string | undefined, once = false): void {
    this.close();
    if (!file) return;
    this.fd = openSync(file, 'w');
    this.once = once;
  }

  write(text: string | Uint8Array): void {
    if (this.fd === undefined) this.stdout(text);
    else if (typeof text === 'string') writeSync(this.fd, text);
    else writeSync(this.fd, text);
  }

  /** Called after each statement: a `.once` file is closed after its one result. */
  endResult(): void {
    if (this.once) this.close();
  }

  /** Closes a file output; results go to stdout again. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.once = false;
  }
}
