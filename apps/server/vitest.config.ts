import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // one private PostgreSQL server for the run; tests that use it each create their own database
    globalSetup: ['test/postgres/postgresGlobalSetup.ts'],
  },
});
