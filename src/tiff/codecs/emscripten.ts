/**
 * Loading the Emscripten-built WASM decoders (libjpeg-turbo from @cornerstonejs, libwebp
 * from @jsquash) synchronously usable from Node. Their glue would fetch() the wasm file, which
 * Node cannot do for file URLs, so the bytes are read from disk and passed as
 * `wasmBinary`. The C libraries report errors on stderr and then exit(); the messages are
 * kept here so a failure can name its cause instead of printing it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The options of an Emscripten module factory that matter here. */
export interface EmscriptenOptions {
  noInitialRun: boolean;
  wasmBinary: Uint8Array;
  print: (line: string) => void;
  printErr: (line: string) => void;
}

/** A loaded module plus the library messages printed since the last `takeMessages()`. */
export interface LoadedModule<M> {
  readonly module: M;
  takeMessages(): string;
}

/**
 * Instantiates a module from its factory and the npm specifier of its wasm file.
 * @param wasmSpecifier e.g. '@jsquash/webp/codec/dec/webp_dec.wasm'
 */
export async function loadEmscripten<M>(
  factory: (options: EmscriptenOptions) => Promise<unknown>,
  wasmSpecifier: string,
): Promise<LoadedModule<M>> {
  const wasmBinary = readFileSync(createRequire(import.meta.url).resolve(wasmSpecifier));
  let messages: string[] = [];
  const keep = (line: string): void => {
    // bounded: a corrupt stream can warn once per scan line
    if (messages.length < 8) messages.push(line);
  };
  const module = (await factory({ noInitialRun: true, wasmBinary, print: keep, printErr: keep })) as M;
  return {
    module,
    takeMessages: () => {
      const text = messages.join('; ');
      messages = [];
      return text;
    },
  };
}

/** The reason an Emscripten call failed: the library's own message when it printed one. */
export function failureOf(e: unknown, messages: string): string {
  // exit() inside the library surfaces as an ExitStatus object without a useful message
  if (messages !== '') return messages;
  return e instanceof Error ? e.message : 'the decoder exited';
}

/** Keeps the first `samples` channels of each RGBA pixel (the WebP decoder only outputs RGBA). */
export function fromRgba(rgba: Uint8Array | Uint8ClampedArray, pixels: number, samples: number): Uint8Array {
  const bytes = new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  if (samples === 4) return bytes;
  const out = new Uint8Array(pixels * samples);
  // unrolled for RGB and grey: the generic loop took 1.4 ms per 512x512 RGB block (measured)
  if (samples === 3) {
    for (let i = 0, o = 0; o < out.length; i += 4, o += 3) {
      out[o] = bytes[i];
      out[o + 1] = bytes[i + 1];
      out[o + 2] = bytes[i + 2];
    }
  } else if (samples === 1) {
    for (let i = 0, o = 0; o < out.length; i += 4, o++) out[o] = bytes[i];
  } else {
    for (let i = 0, o = 0; i < pixels; i++) {
      for (let s = 0; s < samples; s++) out[o++] = bytes[4 * i + s];
    }
  }
  return out;
}
