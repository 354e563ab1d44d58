import { defineConfig } from 'vitest/config';

// Unit tests run in Node; a test that needs the DOM starts with `// @vitest-environment jsdom`.
export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
