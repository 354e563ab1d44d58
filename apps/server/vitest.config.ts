import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // bin/*.test.mjs are node:test files (`node --test`), not vitest's
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'test/**/*.test.ts'],
    // one private PostgreSQL server for the run; tests that use it each create their own database
    globalSetup: ['test/postgres/postgresGlobalSetup.ts'],
  },
});
