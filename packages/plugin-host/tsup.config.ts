import { defineConfig } from 'tsup';

export default defineConfig({
  // the sandbox is its own entry: PluginProcess forks dist/pluginSandbox.js beside dist/index.js
  entry: ['src/index.ts', 'src/pluginSandbox.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node24',
  // esbuild and isolated-vm stay packages (native binaries), not bundled code
  external: ['esbuild', 'isolated-vm'],
});
