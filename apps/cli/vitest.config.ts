import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // these tests run the real model in a child process: ~3 s idle, several times that on a loaded machine
    testTimeout: 120_000,
  },
});
