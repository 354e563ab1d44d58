import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts', 'src/node/transcribeWorker.ts', 'src/node/live/liveWorker.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  target: 'node24',
  // dist/index.js and dist/index.d.ts, as the exports map says
  fixedExtension: false,
});
