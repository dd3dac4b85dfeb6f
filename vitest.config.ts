import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      '@': root,
      // Outside Next there is no client bundle to guard (see scripts/outsideNext.mjs).
      'server-only': path.join(root, 'tests/support/empty.ts'),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      { ...shared, test: { name: 'unit', include: ['tests/unit/**/*.unit.test.ts'] } },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.int.test.ts', 'tests/security/**/*.int.test.ts', 'tests/realtime/**/*.int.test.ts'],
          globalSetup: ['tests/support/postgresGlobalSetup.ts'],
          setupFiles: ['tests/support/isolatedDatabase.ts'],
          // Expected failures (retried steps, refused files) would otherwise fill the output with warnings.
          env: { LOG_LEVEL: 'error' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
