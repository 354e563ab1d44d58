import { defineConfig } from 'tsup';

export default defineConfig({
  // vocabulary: the entry contract without the exporters (docx), for the plugin SDK's sandboxed code
  entry: ['src/index.ts', 'src/vocabulary.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node24',
});
