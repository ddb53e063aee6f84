import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/support/chromium.global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: each worker may hold a PGlite instance (~100 MB) or a browser.
    maxWorkers: 2,
    pool: 'forks',
    // The default output, and the promise map: a whole-suite run fails when a statement of the
    // privacy policy has no passing test that proves it (test/support/conformance-reporter.ts).
    reporters: ['default', './test/support/conformance-reporter.ts'],
  },
});
