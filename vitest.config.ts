import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite and PostgreSQL suites are heavy on 2 cores; keep parallelism modest.
    pool: 'forks',
    maxWorkers: 2,
  },
});
