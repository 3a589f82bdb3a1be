import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    {
      // An exported project has GAN Studio's runtime in src/lib/ (lib/codegen/templates.ts copies it from lib/); tests
      // that import templates/src/ find it in the repository's lib/, as templates/tsconfig.check.json's rootDirs does.
      name: 'templates-runtime',
      resolveId(source: string, importer: string | undefined) {
        if (!importer || !/[/\\]templates[/\\]src[/\\][^/\\]+$/.test(importer) || !source.startsWith('./lib/')) return null;
        return resolve(import.meta.dirname, 'lib', source.slice('./lib/'.length).replace(/\.js$/, '.ts'));
      },
    },
  ],
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // tfjs kernels are CPU-heavy; two cores run two files at once at most.
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
