import { defineConfig } from 'tsup';

export default defineConfig({
  // vocabulary: the entry contract without the exporters (docx), for the plugin SDK's sandboxed code
  // document: the Y.Doc schema (needs yjs), apart so exporters' users do not load it
  entry: ['src/index.ts', 'src/vocabulary.ts', 'src/document.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node24',
});
