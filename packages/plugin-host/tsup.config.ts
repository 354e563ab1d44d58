import { defineConfig } from 'tsup';

export default defineConfig({
  // the worker is its own entry: PluginThread starts dist/pluginWorker.js beside dist/index.js
  entry: ['src/index.ts', 'src/pluginWorker.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node24',
});
