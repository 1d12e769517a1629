import { defineConfig } from 'vitest/config';

// chdb segfaults under worker threads: every test file runs in its own forked process
// with its own data directory (see tests/helpers/).
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-temp.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
    // .ci/run reads the JSON report to print its own "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/results.json' }]] : ['default'],
  },
});
