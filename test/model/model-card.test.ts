import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FormatError, InputError } from '../../src/errors.js';
import { loadModel, readCard, resolveNextTo } from '../../src/model/load-model.js';
import { CARD_FORMAT, parseModelCard } from '../../src/model/model-card.js';

const MODELS = join(import.meta.dirname, '..', '..', 'models');
const SHIPPED = JSON.parse(readFileSync(join(MODELS, 'field-unet.json'), 'utf8')) as Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'rasterduck-card-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The parts of a card JSON the tests edit. */
interface CardJson {
  format: unknown;
  model?: unknown;
  input: { bands: { name: unknown; scale: unknown }[]; patch_multiple: unknown };
  output: { kind: unknown; classes?: unknown };
}

/** The shipped card with one change made by `edit`. */
function edited(edit: (card: CardJson) => void): unknown {
  const card = structuredClone(SHIPPED) as unknown as CardJson;
  edit(card);
  return card;
}

describe('parseModelCard', () => {
  it('reads the shipped card: FTW band order, /3000, 3 classes as logits', () => {
    const card = parseModelCard(SHIPPED, 'models/field-unet.json');
    expect(card.input.bands.map((b) => b.name)).toEqual(['B04_a', 'B03_a', 'B02_a', 'B08_a', 'B04_b', 'B03_b', 'B02_b', 'B08_b']);
    expect(card.input.bands.map((b) => [b.band, b.time])).toEqual([['B04', 0], ['B03', 0], ['B02', 0], ['B08', 0], ['B04', 1], ['B03', 1], ['B02', 1], ['B08', 1]]);
    expect(card.input.bands.every((b) => b.scale === 1 / 3000 && b.offset === 0)).toBe(true);
    expect(card.output).toEqual({ name: 'logits', kind: 'logits', classes: ['non_field_background', 'field', 'field_boundaries'] });
    expect(card.input.patchMultiple).toBe(8);
    expect(card.model).toBe('field-unet.onnx');
    expect(card.license).toBe('MIT');
  });

  it.each([
    ['a wrong format', (c: CardJson) => (c.format = 'v0'), `format must be '${CARD_FORMAT}', got "v0"`],
    ['no bands', (c: CardJson) => (c.input.bands = []), 'input.bands must be a non-empty array'],
    ['a zero scale', (c: CardJson) => (c.input.bands[3].scale = 0), 'input.bands[3].scale must be a finite non-zero number'],
    ['a duplicate channel', (c: CardJson) => (c.input.bands[1].name = 'B04_a'), "input.bands names the channel 'B04_a' twice"],
    ['an unknown output kind', (c: CardJson) => (c.output.kind = 'softmax'), `output.kind must be 'logits' or 'probabilities', got "softmax"`],
    ['no classes', (c: CardJson) => delete c.output.classes, 'output.classes must be a non-empty array of labels'],
    ['a fractional patch multiple', (c: CardJson) => (c.input.patch_multiple = 1.5), 'input.patch_multiple must be a positive integer, got 1.5'],
    ['no model file', (c: CardJson) => delete c.model, 'model must be a non-empty string'],
  ])('refuses a card with %s, naming the file and the field', (_, edit, reason) => {
    expect(() => parseModelCard(edited(edit), '/m/x.json')).toThrow(
      new InputError({ url: '/m/x.json', reason: `invalid model card: ${reason}`, hint: 'See models/field-unet.json for a complete card' }).message,
    );
  });
});

describe('loadModel', () => {
  it('finds the card next to the model and opens it in onnxruntime', async () => {
    const { card, session } = await loadModel(join(MODELS, 'field-unet.onnx'), { threads: 1 });
    expect(card.name).toBe('field-unet');
    expect([session.inputName, session.outputName]).toEqual(['image', 'logits']);
    expect(session.url).toBe(join(MODELS, 'field-unet.onnx'));
    await session.release();
  });

  it('refuses a model without a card, naming the card it looked for', async () => {
    const onnx = join(dir, 'lonely.onnx');
    copyFileSync(join(MODELS, 'field-unet.onnx'), onnx);
    const err = await loadModel(onnx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      `(${join(dir, 'lonely.json')}): model card not found for ${onnx}. ` +
        'A model needs a card (JSON) next to it giving band order, normalisation and classes; see models/field-unet.json',
    );
  });

  it('refuses a card that is not JSON and a card naming a missing model, naming the files', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"format": ');
    await expect(readCard(join(dir, 'broken.json'))).rejects.toThrow(new RegExp(`^\\(${join(dir, 'broken.json')}\\): model card is not valid JSON`));
    writeFileSync(join(dir, 'orphan.json'), JSON.stringify(edited((c) => (c.model = 'gone.onnx'))));
    await expect(loadModel(join(dir, 'orphan.json'))).rejects.toThrow(`(${join(dir, 'gone.onnx')}): model file not found (named by the card ${join(dir, 'orphan.json')})`);
  });

  it('reports a file onnxruntime cannot load as a FormatError naming it', async () => {
    writeFileSync(join(dir, 'junk.onnx'), 'not a protobuf');
    writeFileSync(join(dir, 'junk.json'), JSON.stringify(edited((c) => (c.model = 'junk.onnx'))));
    const err = await loadModel(join(dir, 'junk.onnx')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(new RegExp(`^\\(${join(dir, 'junk.onnx')}\\): onnxruntime cannot load the model`));
  });

  it('refuses a thread count that is not a positive integer', async () => {
    await expect(loadModel(join(MODELS, 'field-unet.onnx'), { threads: 0 })).rejects.toThrow(`(${join(MODELS, 'field-unet.onnx')}): threads must be a positive integer, got 0`);
  });

  it('resolves the model next to the card for paths and URLs', () => {
    expect(resolveNextTo('/a/b/card.json', 'm.onnx')).toBe('/a/b/m.onnx');
    expect(resolveNextTo('card.json', 'm.onnx')).toBe('m.onnx');
    expect(resolveNextTo('s3://bucket/models/card.json', 'm.onnx')).toBe('s3://bucket/models/m.onnx');
    expect(resolveNextTo('https://h/x/card.json', '../m.onnx')).toBe('https://h/m.onnx');
    expect(resolveNextTo('https://h/x/card.json', 's3://b/m.onnx')).toBe('s3://b/m.onnx');
  });
});
