// The browser tests that run in Firefox and WebKit too (`npm test` runs them after Chromium's, which runs every
// file): what an element does for a page, its failures, its engine's results, the convolution kernel (XNNPACK's
// in WebKit, which has no relaxed SIMD) and the TF-Lite adapter's ops, in each engine a visitor may have. Live video runs in Firefox only: WebKitGTK under its WebDriver here plays
// no video and records none.
import config from './web-test-runner.config.mjs';
import { firefoxLauncher, webkitLauncher } from './test/engines.mjs';

const BOTH = [
  'test/unit/**/*.test.ts',
  'test/style-transfer.test.ts',
  'test/containment.test.ts',
  'test/stylizer.test.ts',
  'test/errors.test.ts',
  'test/lifecycle.test.ts',
  'test/style-mix.test.ts',
  'test/model-descriptor.test.ts',
  'test/main-thread.test.ts',
  'test/page-settings.test.ts',
  'test/release.test.ts',
  'test/stored-style-vectors.test.ts',
  'test/tflite-adapter.test.ts',
  'test/tflite-ops.test.ts',
  'test/tflite-conv-forms.test.ts',
  'test/worker-fallback.test.ts',
  'test/worker-start-timeout.test.ts',
  'test/style-vector-attribute.test.ts',
  'test/direct-conv.test.ts',
  // our port against the official TF-Lite runtime in the same engine (the kernel, or XNNPACK in WebKit)
  'test/fidelity.test.ts',
  // a photo past the untiled limit, tiled by itself (WebKit's XNNPACK needs about 2.2× the memory untiled)
  'test/large-photo.test.ts',
  'test/element-box.test.ts',
  'test/accessibility.test.ts',
  'test/mask.test.ts',
  'test/engine-differences.test.ts',
];
const firefox = firefoxLauncher();

export default {
  ...config,
  files: process.env.ENGINE_FILES?.split(',') ?? BOTH,
  browsers: [firefox, await webkitLauncher()],
  groups: process.env.ENGINE_FILES ? [] : [{ name: 'live (Firefox)', files: ['test/live.test.ts'], browsers: [firefox] }],
};
