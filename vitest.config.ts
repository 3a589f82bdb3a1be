import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // tfjs kernels are CPU-heavy; two cores run two files at once at most.
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
