import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the JSON report lets .ci/run print one plain "N passed, N failed" line
    reporters: ['default', 'json'],
    outputFile: { json: '.tmp/vitest-results.json' },
    testTimeout: 30_000,
    // vitest's default on 2 cores is one worker; two overlap the tests that wait on child
    // processes (redis-server, LibreOffice, poppler, chromium, batch workers) with those that compute
    maxWorkers: 2,
  },
});
