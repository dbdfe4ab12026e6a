import { describe, expect, it } from 'vitest';
import { executionProviders } from '../../src/model/onnx-session.js';

describe('executionProviders', () => {
  it('is the bundled CPU build unless RASTERDUCK_ONNX_PROVIDERS is set', () => {
    expect(executionProviders({})).toEqual(['cpu']);
    expect(executionProviders({ RASTERDUCK_ONNX_PROVIDERS: ' CUDA , cpu' })).toEqual(['cuda', 'cpu']);
  });
  it('refuses a setting that names no provider', () => {
    expect(() => executionProviders({ RASTERDUCK_ONNX_PROVIDERS: ' , ' })).toThrow(/RASTERDUCK_ONNX_PROVIDERS=" , " names no execution provider/);
  });
});
