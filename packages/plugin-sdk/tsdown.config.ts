import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/testing.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  target: 'node24',
  // dist/index.js and dist/index.d.ts, as the exports map says
  fixedExtension: false,
  // the vocabulary contract is inlined, so the SDK stays one self-contained package inside plugin sandboxes
  deps: { alwaysBundle: [/^@verbatim\/core(?:\/|$)/] },
});
