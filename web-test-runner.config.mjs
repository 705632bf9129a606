import { chromeLauncher } from '@web/test-runner-chrome';
import { mimeTypes, sharedImagesMiddleware, sharedPlugins } from './web-dev-server.config.mjs';

// Debian's Chromium (installed by .ci/run); as root it needs --no-sandbox, and the
// background-networking flags keep it from dialling out on a closed network.
const chromium = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export default {
  rootDir: '.',
  files: ['test/**/*.test.ts'],
  nodeResolve: { browser: true },
  mimeTypes,
  middleware: [sharedImagesMiddleware],
  plugins: sharedPlugins,
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 15 * 60 * 1000,
  testFramework: { config: { timeout: 180000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromium,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
};
