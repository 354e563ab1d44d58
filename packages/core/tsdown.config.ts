import { defineConfig } from 'tsdown';

export default defineConfig({
  // vocabulary: the entry contract without the exporters (docx), for the plugin SDK's sandboxed code
  // document: the Y.Doc schema (needs yjs), apart so exporters' users do not load it
  // api: the HTTP API's JSON as zod schemas (needs zod), for the server and the workbench
  entry: ['src/index.ts', 'src/vocabulary.ts', 'src/document.ts', 'src/api.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  target: 'node24',
  // dist/index.js and dist/index.d.ts, as the exports map says
  fixedExtension: false,
});
