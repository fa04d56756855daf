import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Under CI the JSON report lets .ci/run print "N passed, N failed".
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'test-output/vitest.json' } : {},
    // Integration tests start their own emulator on port 0; some wait for emulated resets.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
