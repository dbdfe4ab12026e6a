import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { lookupOp } from '../../src/io/bridge-registry.js';
import { loadModel } from '../../src/model/load-model.js';
import { predictBlockOp } from '../../src/model/model-ops.js';
import { predictBlock } from '../../src/model/predict-block.js';

const MODELS = join(import.meta.dirname, '..', '..', 'models');
const dir = mkdtempSync(join(tmpdir(), 'rasterduck-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const block = { data: Float32Array.from({ length: 8 * 40 * 40 }, (_, i) => 400 + ((i * 7919) % 3000)), bands: 8, height: 40, width: 40 };

describe('predictBlock bridge op', () => {
  it('is registered for the bridge worker and predicts like predictBlock', async () => {
    expect(lookupOp('predictBlock')?.transfer).toBe(true);
    const viaOp = await predictBlockOp({ model: join(MODELS, 'field-unet.onnx'), threads: 1, block, patchSize: 32, clipSize: 4 });
    const { card, session } = await loadModel(join(MODELS, 'field-unet.onnx'), { threads: 1 });
    const direct = await predictBlock(session, card, block, { patchSize: 32, clipSize: 4 });
    await session.release();
    expect(viaOp.classes).toEqual(card.output.classes);
    expect(Array.from(viaOp.data)).toEqual(Array.from(direct.data));
  });

  it('does not cache a failed load: fixing the files makes the next call work', async () => {
    const onnx = join(dir, 'm.onnx');
    copyFileSync(join(MODELS, 'field-unet.onnx'), onnx);
    await expect(predictBlockOp({ model: onnx, block, patchSize: 32, clipSize: 4 })).rejects.toBeInstanceOf(InputError);
    copyFileSync(join(MODELS, 'field-unet.json'), join(dir, 'm.json'));
    const out = await predictBlockOp({ model: onnx, block, patchSize: 32, clipSize: 4 });
    expect(out.data).toHaveLength(3 * 40 * 40);
  });
});
