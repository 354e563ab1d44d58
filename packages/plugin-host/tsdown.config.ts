import { defineConfig } from 'tsdown';

export default defineConfig({
  // the sandbox is its own entry: PluginProcess forks dist/pluginSandbox.js beside dist/index.js
  entry: ['src/index.ts', 'src/pluginSandbox.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  target: 'node24',
  // dist/index.js and dist/index.d.ts, as the exports map says
  fixedExtension: false,
  // esbuild and isolated-vm stay packages (native binaries), not bundled code
  deps: { neverBundle: ['esbuild', 'isolated-vm'] },
});
