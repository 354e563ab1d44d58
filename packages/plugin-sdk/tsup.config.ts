import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/testing.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node24',
  // the vocabulary contract is inlined, so the SDK stays one self-contained package inside plugin sandboxes
  noExternal: [/^@verbatim\/core(?:\/|$)/],
});
