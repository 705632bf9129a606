// The fast tier: the pure modules' tests in test/unit/, no models, no TF.js backend, no bundle (only the kernel's bytes)
// (`npm run test:unit`; `npm test` runs these files too, with everything else). The same headless Chromium,
// dev server and TypeScript plugins as web-test-runner.config.mjs: only the files and the time limits differ.
import config from './web-test-runner.config.mjs';

export default {
  ...config,
  files: ['test/unit/**/*.test.ts'],
  // Pure code finishes in milliseconds: a test that takes seconds is stuck, not slow.
  testsFinishTimeout: 60 * 1000,
  testFramework: { config: { timeout: 5000 } },
};
