import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  dts: false,
  sourcemap: true,
  target: 'node24',
  // dist/main.js, as bin/verbatim.mjs imports it
  fixedExtension: false,
});
