import { defineConfig } from 'vitest/config';

/**
 * The browser tests (`npm run test:e2e`): headless Chromium (Debian's package, installed by
 * lib/tools/dev/ensure-chromium.ts) driven by playwright-core against the local stack. Kept out of
 * the default run by their `.e2e.ts` suffix, so `npm test` needs no browser.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'test-output/vitest-e2e.json' } : {},
    // Chromium's first start on a cold machine is slow; nothing here asserts a duration.
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
