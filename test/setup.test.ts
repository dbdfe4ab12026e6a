// The README's install must work on a fresh machine with no environment set (issue 12):
// onnxruntime-node's install script downloads CUDA libraries from a host outside the npm
// registry unless it is told to skip, and CI must run the README's lines, exporting nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string): string => readFileSync(file, 'utf8');

describe('set-up from the README', () => {
  it('skips onnxruntime-node\'s download through the project\'s own files, for npm 10 and 11', () => {
    const pkg = JSON.parse(read('package.json')) as { allowScripts?: Record<string, boolean> };
    expect(pkg.allowScripts?.['onnxruntime-node']).toBe(false);
    expect(pkg.allowScripts?.['zstd-napi']).toBe(true);
    expect(read('.npmrc')).toMatch(/^onnxruntime-node-install=skip$/m);
  });

  it('CI exports nothing and reads its commands from the README', () => {
    const ci = read('.ci/run');
    expect(ci).not.toMatch(/^\s*export\s/m);
    expect(ci).not.toMatch(/ONNXRUNTIME_NODE_INSTALL/);
    const block = /## Two commands[\s\S]*?```sh\n([\s\S]*?)```/.exec(read('README.md'));
    const lines = (block?.[1] ?? '').split('\n').filter((l) => l.trim());
    expect(lines.map((l) => l.replace(/\s+#.*$/, ''))).toEqual(['npm install && npm run demo', 'npm test']);
  });
});
