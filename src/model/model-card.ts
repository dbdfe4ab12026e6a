/**
 * The model card: a small JSON file next to an ONNX model that says what the model eats
 * and what it returns (band order, per-band normalisation, patch size multiple, classes,
 * logits or probabilities). A model is never run without one: an FTW model fed unscaled
 * digital numbers or bands in the wrong order still returns plausible-looking garbage.
 * models/field-unet.json is the reference example.
 */
import { InputError } from '../errors.js';

/** The card format this code reads (the card's `format` field). */
export const CARD_FORMAT = 'rasterduck-model-card/1';

/** One input channel: which band it is and how to normalise it (`value * scale + offset`). */
export interface CardBand {
  /** Unique name of the channel, e.g. `B04_a`. */
  readonly name: string;
  /** The source band (e.g. `B04`), when the channel comes from a mosaic band. */
  readonly band?: string;
  /** 0-based index on the mosaic's time axis (FTW: 0 = season a, 1 = season b). */
  readonly time?: number;
  readonly scale: number;
  readonly offset: number;
}

/** What the model returns per pixel and class. */
export type OutputKind = 'logits' | 'probabilities';

/** A validated model card, with camelCase names. */
export interface ModelCard {
  /** Where the card was read from, for error messages. */
  readonly url: string;
  readonly name: string;
  /** The ONNX file, relative to the card. */
  readonly model: string;
  readonly input: {
    /** The ONNX input name; the model's first input when absent. */
    readonly name?: string;
    /** In the order the model's channel axis expects. */
    readonly bands: readonly CardBand[];
    /** Patch height and width must be multiples of this (2^poolings of a U-Net). */
    readonly patchMultiple: number;
    /** Suggested patch and clip sizes, in pixels. */
    readonly patchSize?: number;
    readonly clipSize?: number;
  };
  readonly output: {
    /** The ONNX output name; the model's first output when absent. */
    readonly name?: string;
    readonly kind: OutputKind;
    /** Class labels in the order of the output's channel axis. */
    readonly classes: readonly string[];
  };
  readonly license?: string;
}

type Json = Record<string, unknown>;

/**
 * Validates parsed card JSON read from `url`. Throws InputError naming the file and the
 * first field that is missing or wrong.
 */
export function parseModelCard(json: unknown, url: string): ModelCard {
  const fail = (reason: string): never => {
    throw new InputError({ url, reason: `invalid model card: ${reason}`, hint: 'See models/field-unet.json for a complete card' });
  };
  const root = object(json, 'the card', fail);
  if (root.format !== CARD_FORMAT) fail(`format must be '${CARD_FORMAT}', got ${JSON.stringify(root.format)}`);
  const input = object(root.input, 'input', fail);
  const output = object(root.output, 'output', fail);
  const rawBands = Array.isArray(input.bands) ? input.bands : fail('input.bands must be a non-empty array');
  if (rawBands.length === 0) fail('input.bands must be a non-empty array');
  const bands = rawBands.map((b, i) => cardBand(b, `input.bands[${i}]`, fail));
  const dup = bands.find((b, i) => bands.findIndex((o) => o.name === b.name) !== i);
  if (dup) fail(`input.bands names the channel '${dup.name}' twice`);
  const kind = output.kind;
  if (kind !== 'logits' && kind !== 'probabilities') fail(`output.kind must be 'logits' or 'probabilities', got ${JSON.stringify(kind)}`);
  const classes = Array.isArray(output.classes) && output.classes.length > 0 && output.classes.every((c) => typeof c === 'string' && c !== '')
    ? (output.classes as string[])
    : fail('output.classes must be a non-empty array of labels');
  return {
    url,
    name: text(root.name, 'name', fail),
    model: text(root.model, 'model', fail),
    input: {
      name: optionalText(input.name, 'input.name', fail),
      bands,
      patchMultiple: positiveInt(input.patch_multiple, 'input.patch_multiple', fail),
      patchSize: input.patch_size === undefined ? undefined : positiveInt(input.patch_size, 'input.patch_size', fail),
      clipSize: input.clip_size === undefined ? undefined : nonNegativeInt(input.clip_size, 'input.clip_size', fail),
    },
    output: { name: optionalText(output.name, 'output.name', fail), kind: kind as OutputKind, classes },
    license: optionalText(root.license, 'license', fail),
  };
}

function cardBand(value: unknown, where: string, fail: (r: string) => never): CardBand {
  const b = object(value, where, fail);
  const scale = b.scale;
  const offset = b.offset ?? 0;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale === 0) fail(`${where}.scale must be a finite non-zero number`);
  if (typeof offset !== 'number' || !Number.isFinite(offset)) fail(`${where}.offset must be a finite number`);
  return {
    name: text(b.name, `${where}.name`, fail),
    band: optionalText(b.band, `${where}.band`, fail),
    time: b.time === undefined ? undefined : nonNegativeInt(b.time, `${where}.time`, fail),
    scale: scale as number,
    offset: offset as number,
  };
}

function object(value: unknown, where: string, fail: (r: string) => never): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : fail(`${where} must be an object`);
}

function text(value: unknown, where: string, fail: (r: string) => never): string {
  return typeof value === 'string' && value !== '' ? value : fail(`${where} must be a non-empty string`);
}

function optionalText(value: unknown, where: string, fail: (r: string) => never): string | undefined {
  return value === undefined || value === null ? undefined : text(value, where, fail);
}

function positiveInt(value: unknown, where: string, fail: (r: string) => never): number {
  return Number.isInteger(value) && (value as number) > 0 ? (value as number) : fail(`${where} must be a positive integer, got ${JSON.stringify(value)}`);
}

function nonNegativeInt(value: unknown, where: string, fail: (r: string) => never): number {
  return Number.isInteger(value) && (value as number) >= 0 ? (value as number) : fail(`${where} must be a non-negative integer, got ${JSON.stringify(value)}`);
}
