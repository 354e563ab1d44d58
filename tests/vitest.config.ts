import { defineConfig } from 'vitest/config';

// End-to-end tests: a real server process and a real Chromium per file; cross-package contract tests (contracts/):
// one contract checked through every package that applies it. Files run one after another (2 cores).
export default defineConfig({
  test: {
    include: ['browser/**/*.test.ts', 'contracts/**/*.test.ts', 'bench/**/*.test.ts', 'eval/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // a poll waits on a real server and browser, which a busy machine slows: 1 s (vitest's default) failed on a save
    expect: { poll: { timeout: 15_000 } },
  },
});
