import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The workbench is served by @verbatim/server from dist/ (same origin as the API and the Yjs WebSocket).
// `npm run dev` proxies the API to a server on :8080 for live reloading.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2023' },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/yjs': { target: 'ws://127.0.0.1:8080', ws: true },
      // live captions: the audio source's WebSocket and the viewer links' event streams
      '/live': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
});
