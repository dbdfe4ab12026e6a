/**
 * Loads a model and its card from a path or URL (file, http(s), s3), through rasterduck's
 * readers like any other input. The card is the JSON file next to the ONNX file with the
 * same name (`m.onnx` → `m.json`), or the card itself can be named; its `model` field
 * names the ONNX file relative to the card. Models are never downloaded from anywhere the
 * user did not name.
 */
import { posix } from 'node:path';
import { FetchError, InputError } from '../errors.js';
import { openReader } from '../io/open-reader.js';
import { parseModelCard, type ModelCard } from './model-card.js';
import { OnnxSession } from './onnx-session.js';

/** A card and the ONNX session it describes. */
export interface LoadedModel {
  readonly card: ModelCard;
  readonly session: OnnxSession;
}

/** Options for {@link loadModel}. */
export interface LoadOptions {
  /** Threads one inference may use; ORT's default (physical cores) when absent. */
  readonly threads?: number;
}

/**
 * Reads the card for `url` (an .onnx file, whose card has the same name with .json, or the
 * card itself, whose `model` field then names the ONNX file) and opens the model in an ORT
 * CPU session. Throws InputError naming the file for a missing or invalid card,
 * FetchError when the model file cannot be read, FormatError when ORT cannot load it.
 */
export async function loadModel(url: string, options: LoadOptions = {}): Promise<LoadedModel> {
  const isCard = url.toLowerCase().endsWith('.json');
  const cardUrl = isCard ? url : url.replace(/(\.onnx)?$/i, '.json');
  const card = await readCard(cardUrl, url);
  // a named model file wins over the card's "model" field: the user chose that file
  const modelUrl = isCard ? resolveNextTo(cardUrl, card.model) : url;
  let bytes: Uint8Array;
  try {
    bytes = await readWhole(modelUrl);
  } catch (e) {
    if (isCard && e instanceof FetchError && e.status === 404) {
      throw new InputError({ url: modelUrl, reason: `model file not found (named by the card ${cardUrl})`, hint: 'Put the ONNX file next to its card, or fix the card\'s "model" field', cause: e });
    }
    throw e;
  }
  const session = await OnnxSession.create(bytes, modelUrl, { threads: options.threads, inputName: card.input.name, outputName: card.output.name });
  return { card, session };
}

/** Reads and validates a model card. Throws InputError naming the card when missing, not JSON or invalid. */
export async function readCard(cardUrl: string, modelUrl = cardUrl): Promise<ModelCard> {
  let text: string;
  try {
    text = new TextDecoder().decode(await readWhole(cardUrl));
  } catch (e) {
    if (e instanceof FetchError && e.status === 404) {
      throw new InputError({
        url: cardUrl,
        reason: `model card not found for ${modelUrl}`,
        hint: 'A model needs a card (JSON) next to it giving band order, normalisation and classes; see models/field-unet.json',
        cause: e,
      });
    }
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError({ url: cardUrl, reason: `model card is not valid JSON: ${(e as Error).message}`, cause: e });
  }
  return parseModelCard(json, cardUrl);
}

/** `relative` resolved against the folder of `base` (a URL or a path); absolute names stay. */
export function resolveNextTo(base: string, relative: string): string {
  if (/^[a-z][a-z0-9+.-]+:/i.test(relative) || relative.startsWith('/')) return relative;
  if (/^[a-z][a-z0-9+.-]+:/i.test(base)) return new URL(relative, base).href;
  return posix.join(posix.dirname(base), relative);
}

async function readWhole(url: string): Promise<Uint8Array> {
  const reader = openReader(url);
  const size = await reader.size?.();
  if (size === undefined) throw new FetchError({ url, reason: 'cannot tell the file size', hint: 'The server must answer HEAD with Content-Length' });
  const [bytes] = await reader.read([{ offset: 0, length: size }]);
  return bytes;
}
